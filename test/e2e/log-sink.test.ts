/**
 * The vault's log sink going away (its stdout and stderr pipes closed: a log shipper that died, a
 * parent process killed) loses log lines, never the vault. Found on an orphaned benchmark
 * instance: its first log line after the close failed with EPIPE, the unhandled stream error
 * became an uncaught exception whose report went to the same closed pipe, and so on: a core
 * spinning, and SIGTERM never handled.
 */
import { once } from "node:events";
import net from "node:net";
import { expect, it } from "vitest";
import { startProxyHarness } from "../support/proxy-harness";

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
    socket.write(`POST /v1/openai/chat/completions HTTP/1.1\r\nhost: vault\r\nauthorization: Bearer ${grant.token}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"model":`);
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    const exit = h.vault.stop("SIGTERM"); // "shutting down" goes into the closed pipe first
    const code = await Promise.race([exit, new Promise<string>((resolve) => setTimeout(() => resolve("no exit within 15 s"), 15_000).unref())]);
    socket.destroy();
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000); // the grace period (1 s) and the close, not a hang
  } finally {
    h.vault.child.kill("SIGKILL");
    await h.stop().catch(() => undefined);
  }
});
