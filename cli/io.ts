/** Input and output helpers of the admin CLI. */
import { VaultError } from "@/lib/foundation/errors/vault-error";

export class CliError extends Error {}

const STDIN_LIMIT = 64 * 1024;

/** Reads a secret from stdin (piped), or prompts for it without echo on a terminal. */
export async function readSecretFromStdin(what: string): Promise<string> {
  if (process.stdin.isTTY) return promptHidden(`${what}: `);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > STDIN_LIMIT) throw new CliError(`${what} on stdin is too large (over ${STDIN_LIMIT} bytes)`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    process.stderr.write(prompt);
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.resume();
    let value = "";
    const onData = (data: Buffer) => {
      for (const char of data.toString("utf8")) {
        if (char === "\r" || char === "\n") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off("data", onData);
          process.stderr.write("\n");
          return resolve(value);
        }
        if (char === "\u0003") process.exit(130);
        value = char === "\u007f" ? value.slice(0, -1) : value + char;
      }
    };
    stdin.on("data", onData);
  });
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n");
}

export function printLine(text: string): void {
  process.stdout.write(text + "\n");
}

/** One line for stderr: the message of a known error, a generic line (and the details logged) otherwise. */
export function describeCliError(error: unknown): string {
  if (error instanceof CliError) return error.message;
  if (error instanceof VaultError || (error as { name?: string })?.name === "VaultError") return (error as Error).message;
  return "unexpected error (details above)";
}

/** A comma-separated flag as a list (blank items dropped), or null when the flag was not given. */
export function commaList(value: unknown): string[] | null {
  return typeof value === "string"
    ? value
        .split(",")
        .map((m) => m.trim())
        .filter(Boolean)
    : null;
}
