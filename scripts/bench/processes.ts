/** Starts and stops the benchmark's processes: the fake provider, the vault, Portkey's gateway. */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "@/test/support/free-port";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");

export type Proc = { url: string; port: number; child: ChildProcess; stop: () => Promise<void> };

async function waitUntil(url: string, child: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start`);
}

export async function startProcess(
  what: string,
  args: string[],
  env: Record<string, string>,
  probe: (url: string) => string,
): Promise<Proc> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    args.map((a) => a.replace("{port}", String(port))),
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", PORT: String(port), ...env },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(probe(url), child, what);
  return {
    url,
    port,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
