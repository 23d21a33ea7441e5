/**
 * What an outage of the database writes to the log: one line when it becomes unreachable, a summary
 * every SUMMARY_EVERY_MS while it stays so (how many answers were refused meanwhile), one line when it
 * is back. Never a line (or a stack) per refused request: during an outage every request fails the
 * same way, and thousands of identical lines would bury everything else.
 *
 * Failures are noted by the error core (a 503 vault_unavailable with a database cause) and by the
 * background loops; the way back is noted by any successful ledger call and by the instance heartbeat.
 * Shared by both bundles (a singleton), so the server's and Next.js's requests count together.
 */
import { log } from "@/lib/foundation/log";
import { singleton } from "@/lib/foundation/runtime/singleton";

export const SUMMARY_EVERY_MS = 10_000;

type Health = { down: boolean; since: number; refused: number; total: number; timer: NodeJS.Timeout | null };

const health = () => singleton<Health>("database-health", () => ({ down: false, since: 0, refused: 0, total: 0, timer: null }));

/** The first line of an error's message, whitespace collapsed, at most 200 characters (Prisma's are multi-line). */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  // Prisma puts the invocation first and the driver's reason last.
  const reason = lines.length > 1 && /invocation/.test(lines[0]!) ? lines.at(-1)! : (lines[0] ?? "");
  return reason.replace(/\s+/g, " ").slice(0, 200);
}

export function noteDatabaseTrouble(error: unknown): void {
  const h = health();
  h.refused++;
  h.total++;
  if (h.down) return;
  h.down = true;
  h.since = Date.now();
  log.warn("database unreachable: answering 503 vault_unavailable until it is back", { reason: reasonOf(error) });
  h.timer = setInterval(() => {
    log.warn("database still unreachable", { down_for_s: Math.round((Date.now() - h.since) / 1000), refused: h.refused });
    h.refused = 0;
  }, SUMMARY_EVERY_MS);
  h.timer.unref();
}

export function noteDatabaseOk(): void {
  const h = health();
  if (!h.down) return;
  h.down = false;
  if (h.timer) clearInterval(h.timer);
  h.timer = null;
  log.info("database reachable again", { down_for_ms: Date.now() - h.since, refused: h.total });
  h.refused = 0;
  h.total = 0;
}

export function databaseDown(): boolean {
  return health().down;
}
