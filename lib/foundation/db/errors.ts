/** Recognises database errors by code, across the SQLite and PostgreSQL clients. */

function codeOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  return codeOf(error) === "P2002";
}

/** Lock contention or a serialization conflict: the same transaction may simply be run again. */
export function isRetryableConflict(error: unknown): boolean {
  const code = codeOf(error);
  if (code === "P2034" || code === "40001" || code === "40P01") return true;
  const message = error instanceof Error ? error.message : String(error);
  return /SQLITE_BUSY|database is locked|could not serialize|deadlock detected/i.test(message);
}

const UNAVAILABLE_CODES = new Set([
  // Prisma: cannot reach, timed out, operations timed out, connection closed, pool timeout, transaction could not start
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
  "P2028",
  // node / pg: connection refused, reset, timed out, broken pipe, host unreachable
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  // PostgreSQL: shutting down, cannot connect now, too many connections, query cancelled (statement timeout), connection failures
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "57014",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  // SQLite: busy, locked, read-only, I/O, full, cannot open
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_READONLY",
  "SQLITE_READONLY_DBMOVED",
  "SQLITE_IOERR",
  "SQLITE_FULL",
  "SQLITE_CANTOPEN",
]);

const UNAVAILABLE_MESSAGE =
  /timeout exceeded when trying to connect|Connection terminated|connection timeout|Query read timeout|ECONNREFUSED|ECONNRESET|the database system is (shutting down|starting up)|Can't reach database server|Timed out fetching a new connection|Unable to start a transaction|readonly database|disk I\/O error|database or disk is full|database is locked|unable to open database|SQLITE_(BUSY|READONLY|IOERR|FULL|CANTOPEN)/i;

/**
 * The database cannot be reached or cannot write right now (refused, reset, timed out, pool
 * exhausted, read-only, locked): the caller gets 503 vault_unavailable, not a 500. Looks through
 * `cause` chains (the Prisma driver adapters wrap the driver's error).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== "object" || error === null) return false;
  const code = codeOf(error);
  if (code && UNAVAILABLE_CODES.has(code)) return true;
  const message = error instanceof Error ? error.message : "";
  if (UNAVAILABLE_MESSAGE.test(message)) return true;
  return isDatabaseUnavailable((error as { cause?: unknown }).cause, depth + 1);
}
