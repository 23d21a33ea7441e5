/** Runs the admin CLI exactly as documented: `npm run --silent vault -- <args>`, secrets on stdin. */
import { spawn } from "node:child_process";
import { ROOT } from "@/test/support/vault-server";

export type CliResult = { code: number | null; stdout: string; stderr: string };

export function runVaultCli(args: string[], options: { env: Record<string, string>; stdin?: string }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "vault", "--", ...args], {
      cwd: ROOT,
      env: { ...process.env, ...options.env, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr: stderr.replace(/^npm warn Unknown user config "nodedir".*\n/gm, "") }));
    child.stdin.end(options.stdin ?? "");
  });
}
