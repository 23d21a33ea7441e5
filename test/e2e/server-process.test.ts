/**
 * The server process itself. Started from another directory, it refuses at once with a message
 * instead of retrying "database not ready" for a minute. Its log sink going away (stdout and
 * stderr pipes closed: a log shipper that died, a parent process killed) loses log lines, never
 * the vault. Found on an orphaned benchmark instance: its first log line after the close failed
 * with EPIPE, the unhandled stream error became an uncaught exception whose report went to the
 * same closed pipe, and so on: a core spinning, and SIGTERM never handled.
 */
import { spawnSync } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import path from "node:path";
import { expect, it } from "vitest";
import { tempDir } from "@/test/support/databases";
import { startProxyHarness } from "@/test/support/proxy-harness";
import { freePort, ROOT } from "@/test/support/vault-server";

it("started outside its project directory, it exits 2 at once and says where to start it", async () => {
  const elsewhere = tempDir("okap-cwd-");
  const started = Date.now();
  const run = spawnSync(process.execPath, [path.join(ROOT, "dist", "server.mjs")], {
    cwd: elsewhere,
    encoding: "utf8",
    timeout: 20_000,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", PORT: String(await freePort()) },
  });
  expect(run.status).toBe(2);
  expect(run.stderr.trim()).toBe(
    `okap-vault: ${path.join(elsewhere, "prisma", "migrations")} not found: start the vault from its project directory (npm start)`,
  );
  expect(Date.now() - started).toBeLessThan(10_000);
});

it("closed stdout and stderr: SIGTERM with a request in flight still drains it and exits 0", async () => {
  const h = await startProxyHarness("sqlite", { env: { VAULT_SHUTDOWN_GRACE_MS: "1000" } });
  try {
    const grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "5" }]);
    h.vault.child.stdout.destroy();
    h.vault.child.stderr.destroy();
    // A request still sending its body keeps the drain (and its log lines) busy after SIGTERM.
    const socket = net.connect(h.vault.port, "127.0.0.1");
    await once(socket, "connect");
    socket.on("error", () => undefined);
    socket.write(
      `POST /v1/openai/chat/completions HTTP/1.1\r\nhost: vault\r\nauthorization: Bearer ${grant.token}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"model":`,
    );
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    const exit = h.vault.stop("SIGTERM"); // "shutting down" goes into the closed pipe first
    const code = await Promise.race([
      exit,
      new Promise<string>((resolve) => setTimeout(() => resolve("no exit within 15 s"), 15_000).unref()),
    ]);
    socket.destroy();
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000); // the grace period (1 s) and the close, not a hang
  } finally {
    h.vault.child.kill("SIGKILL");
    await h.stop().catch(() => undefined);
  }
});
