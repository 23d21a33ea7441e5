/**
 * Structured JSON log lines on stdout/stderr. Values pass through redactSecrets() as a last line of
 * defence: callers never log secrets, and anything that looks like a provider key or a vault token
 * is masked anyway.
 */
import { env } from "@/lib/foundation/env";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const SECRET_PATTERNS: RegExp[] = [
  /\bokap_[A-Za-z0-9]{8,}/g,
  /\bokps_[A-Za-z0-9]{8,}/g,
  /\bokmk_[A-Za-z0-9]{8,}/g,
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /\b(?:gsk|xai|AIza)[_-]?[A-Za-z0-9_-]{12,}/g,
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, (m) => `${m.slice(0, 5)}[redacted]`);
  return out;
}

function threshold(): number {
  try {
    return ORDER[env().logLevel];
  } catch {
    return ORDER.info;
  }
}

function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    return { error: error.name, message: error.message, stack: error.stack?.split("\n").slice(1, 6).join("\n") };
  }
  return { error: String(error) };
}

function write(level: Level, msg: string, fields?: Record<string, unknown>): void {
  if (ORDER[level] < threshold()) return;
  const entry: Record<string, unknown> = { t: new Date().toISOString(), level, msg };
  if (fields) {
    for (const [k, v] of Object.entries(fields)) entry[k] = k === "err" ? describeError(v) : v;
  }
  const line = redactSecrets(JSON.stringify(entry, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");
}

/**
 * For the server: a log sink that goes away (a closed pipe) loses lines, never the process. Without
 * a listener a failed write (EPIPE) is an uncaught exception whose report is written to the same
 * closed stream, failing again: a spinning core that never gets to handle SIGTERM.
 */
export function ignoreLogStreamErrors(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};
