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
