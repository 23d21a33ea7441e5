/**
 * Usage per UTC day, summed in SQL (Prisma's groupBy cannot group by a part of a timestamp). The day
 * expression is the only part that differs between SQLite (ISO text) and PostgreSQL (timestamp).
 */
import { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/lib/foundation/db/client";
import { env } from "@/lib/foundation/env";
import { totalsFromSums, type UsageTotals } from "@/lib/domain/usage/usage-totals";
import type { UsageFilter } from "@/lib/domain/usage/usage-filter";

type Raw = Record<
  | "day"
  | "requests"
  | "input"
  | "output"
  | "cacheRead"
  | "cacheWrite"
  | "cacheWrite1h"
  | "reasoning"
  | "audioIn"
  | "audioOut"
  | "imageIn"
  | "imageOut"
  | "cost",
  unknown
>;

const int = (v: unknown) => Number(v ?? 0);

export async function usageByDay(db: Db, userId: string, f: UsageFilter): Promise<{ day: string; totals: UsageTotals }[]> {
  const sqlite = env().databaseKind === "sqlite";
  // SQLite stores Prisma DateTimes as "2026-11-22T10:00:00.000+00:00"; PostgreSQL as timestamp(3) in UTC.
  const at = (d: Date) =>
    sqlite ? Prisma.sql`${d.toISOString().replace("Z", "+00:00")}` : Prisma.sql`CAST(${d.toISOString()} AS TIMESTAMP(3))`;
  const day = sqlite ? Prisma.sql`substr("createdAt", 1, 10)` : Prisma.sql`to_char("createdAt", 'YYYY-MM-DD')`;
  const where = [Prisma.sql`"userId" = ${userId}`];
  if (f.grant_id) where.push(Prisma.sql`"grantId" = ${f.grant_id}`);
  if (f.provider) where.push(Prisma.sql`"provider" = ${f.provider}`);
  if (f.model) where.push(Prisma.sql`"model" = ${f.model}`);
  if (f.outcome) where.push(Prisma.sql`"outcome" = ${f.outcome}`);
  if (f.since) where.push(Prisma.sql`"createdAt" >= ${at(f.since)}`);
  if (f.until) where.push(Prisma.sql`"createdAt" < ${at(f.until)}`);
  const rows = await db.$queryRaw<Raw[]>(Prisma.sql`
    SELECT ${day} AS "day", COUNT(*) AS "requests",
      SUM("inputTokens") AS "input", SUM("outputTokens") AS "output", SUM("cacheReadTokens") AS "cacheRead",
      SUM("cacheWriteTokens") AS "cacheWrite", SUM("cacheWrite1hTokens") AS "cacheWrite1h", SUM("reasoningTokens") AS "reasoning",
      SUM("inputAudioTokens") AS "audioIn", SUM("outputAudioTokens") AS "audioOut",
      SUM("inputImageTokens") AS "imageIn", SUM("outputImageTokens") AS "imageOut",
      CAST(SUM("costMicros") AS BIGINT) AS "cost"
    FROM "UsageEvent" WHERE ${Prisma.join(where, " AND ")}
    GROUP BY ${day} ORDER BY ${day}`);
  return rows.map((r) => ({
    day: String(r.day),
    totals: totalsFromSums(int(r.requests), {
      inputTokens: int(r.input),
      outputTokens: int(r.output),
      cacheReadTokens: int(r.cacheRead),
      cacheWriteTokens: int(r.cacheWrite),
      cacheWrite1hTokens: int(r.cacheWrite1h),
      reasoningTokens: int(r.reasoning),
      inputAudioTokens: int(r.audioIn),
      outputAudioTokens: int(r.audioOut),
      inputImageTokens: int(r.imageIn),
      outputImageTokens: int(r.imageOut),
      costMicros: BigInt(String(r.cost ?? 0)),
    }),
  }));
}
