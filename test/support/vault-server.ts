/**
 * Starts the real vault (dist/server.mjs, what `npm start` runs) on a free port with its own data
 * directory, and keeps everything it prints for the leak checks.
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import path from "node:path";
import type { Readable } from "node:stream";
import { tempDir } from "@/test/support/databases";
import { freePort } from "@/test/support/free-port";

export { freePort };

export const ROOT = path.resolve(import.meta.dirname, "..", "..");

export type VaultProcess = {
  url: string;
  port: number;
  dataDir: string;
  env: Record<string, string>;
  child: ChildProcessByStdio<null, Readable, Readable>;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

export type StartOptions = {
  databaseUrl?: string;
  dataDir?: string;
  env?: Record<string, string>;
  port?: number;
  /** Wait for /readyz (default) or only /healthz (a sealed vault is never ready). */
  waitFor?: "ready" | "alive";
};

export async function startVault(options: StartOptions = {}): Promise<VaultProcess> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? tempDir("okap-vault-");
  const env: Record<string, string> = {
    PORT: String(port),
    VAULT_DATA_DIR: dataDir,
    NEXT_TELEMETRY_DISABLED: "1",
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  };
  const child = spawn(process.execPath, ["--enable-source-maps", path.join(ROOT, "dist", "server.mjs")], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d));
  child.stderr.on("data", (d: Buffer) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const probe = options.waitFor === "alive" ? "/healthz" : "/readyz";
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vault exited with ${child.exitCode} before it was ready:\n${output}`);
    const ok = await fetch(url + probe).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`vault did not become ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    dataDir,
    env,
    child,
    output: () => output,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
