/**
 * Keyset pagination of usage events (newest first, ties by id): a cursor names the row a page starts
 * after, and which way ("o" older, "n" newer). The database reads from the index position onwards
 * (userId or grantId, createdAt) instead of skipping an offset's worth of rows.
 */
import { z } from "zod";

export type UsageCursor = { direction: "older" | "newer"; createdAt: Date; id: string };

export function encodeUsageCursor(c: UsageCursor): string {
  return Buffer.from(`${c.direction === "older" ? "o" : "n"}.${c.createdAt.getTime()}.${c.id}`).toString("base64url");
}

function decode(text: string): UsageCursor | null {
  const m = /^([on])\.(\d{1,15})\.([A-Za-z0-9_]{1,64})$/.exec(Buffer.from(text, "base64url").toString("utf8"));
  return m ? { direction: m[1] === "o" ? "older" : "newer", createdAt: new Date(Number(m[2])), id: m[3]! } : null;
}

/** The `cursor` query parameter: `older` or `newer` of a page's answer, as given. */
export const usageCursorParam = z
  .string()
  .max(200, "cursor is too long")
  .transform((v, ctx) => decode(v) ?? (ctx.addIssue({ code: "custom", message: "cursor is not one this vault gave out" }), z.NEVER))
  .optional();

/** The where clause of the rows past the cursor, and their order (newer pages are read oldest first). */
export function pastCursor(c: UsageCursor) {
  const older = c.direction === "older";
  return {
    where: {
      createdAt: older ? { lte: c.createdAt } : { gte: c.createdAt },
      NOT: { createdAt: c.createdAt, id: older ? { gte: c.id } : { lte: c.id } },
    },
    orderBy: older ? [{ createdAt: "desc" as const }, { id: "desc" as const }] : [{ createdAt: "asc" as const }, { id: "asc" as const }],
  };
}
