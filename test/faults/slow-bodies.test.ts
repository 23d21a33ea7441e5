/**
 * Bodies that stop arriving. A client sends its headers with `content-length: 500` and then only a
 * few bytes: on every surface it gets a 408 in that surface's envelope within the body timeout
 * (VAULT_BODY_TIMEOUT_MS, 1.5 s here), and its connection is closed, so such clients cannot pile up.
 * A body nobody reads (a page answered early) has its connection closed after the answer. Hundreds write a
 * handful of log lines, not one each; one address cannot hold more connections than the cap.
 */
import net from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ManagementApi } from "@/test/support/management-api";
import { OWNER_PASSWORD, type TestGrant } from "@/test/support/grants";
import { startProxyHarness, type ProxyHarness } from "@/test/support/proxy-harness";
import { WebClient } from "@/test/support/web-client";

const MAX_PER_CLIENT = 400;

type Stalled = { text: string; closed: boolean };

/** Sends the head and a few body bytes, then nothing: resolves with what came back once the vault closes (or after 30 s). */
function stalledRequest(port: number, head: string, partial = '{"model":'): Promise<Stalled> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let text = "";
    const guard = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, 30_000);
    socket.on("data", (d: Buffer) => (text += d.toString("utf8")));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(guard);
      resolve({ text, closed: true });
    });
    socket.write(`${head}content-length: 500\r\n\r\n${partial}`);
  });
}

function statusOf(s: Stalled): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(s.text)?.[1] ?? 0);
}

function bodyOf(s: Stalled): any {
  const split = s.text.indexOf("\r\n\r\n");
  let body = s.text.slice(split + 4);
  if (/transfer-encoding: chunked/i.test(s.text.slice(0, split))) {
    let out = "";
    for (;;) {
      const eol = body.indexOf("\r\n");
      const size = parseInt(body.slice(0, eol), 16);
      if (!size) break;
      out += body.slice(eol + 2, eol + 2 + size);
      body = body.slice(eol + 2 + size + 2);
    }
    body = out;
  }
  return JSON.parse(body);
}

let h: ProxyHarness;
let grant: TestGrant;
let api: ManagementApi;
let owner: WebClient;

beforeAll(async () => {
  h = await startProxyHarness("sqlite", {
    env: { VAULT_BODY_TIMEOUT_MS: "1500", VAULT_MAX_CONNECTIONS_PER_CLIENT: String(MAX_PER_CLIENT) },
  });
  grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"], monthlyUsd: "5" }]);
  api = await ManagementApi.create(h.vault.url, h.grants.db, grant.userId, "write");
  owner = new WebClient(h.vault.url);
  expect((await owner.signIn(h.grants.ownerEmail, OWNER_PASSWORD)).status).toBe(200);
  await owner.visit("/"); // the CSRF cookie
});
afterAll(async () => {
  expect(await h.stop()).toBe(0);
});

it("answers a body that stops arriving with 408 in each surface's envelope, and closes the connection", async () => {
  const json = "content-type: application/json\r\n";
  const cookie = [...owner.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const [proxy, okap, management, ui] = await Promise.all([
    stalledRequest(
      h.vault.port,
      `POST /v1/openai/chat/completions HTTP/1.1\r\nhost: vault\r\nauthorization: Bearer ${grant.token}\r\n${json}`,
    ),
    stalledRequest(h.vault.port, `POST /okap/request HTTP/1.1\r\nhost: vault\r\n${json}`),
    stalledRequest(
      h.vault.port,
      `PATCH /api/v1/grants/${grant.grantId} HTTP/1.1\r\nhost: vault\r\nauthorization: Bearer ${api.key}\r\n${json}`,
    ),
    stalledRequest(
      h.vault.port,
      `PATCH /api/ui/grants/${grant.grantId} HTTP/1.1\r\nhost: vault\r\norigin: ${owner.origin}\r\ncookie: ${cookie}\r\n` +
        `x-csrf-token: ${owner.cookies.get("okap_csrf")}\r\n${json}`,
      '{"status":',
    ),
  ]);
  for (const s of [proxy, okap, management, ui]) {
    expect(s.closed, s.text).toBe(true);
    expect(statusOf(s), s.text).toBe(408);
    expect(s.text.toLowerCase()).toContain("connection: close");
  }
  expect(bodyOf(proxy).error).toMatchObject({ code: "request_timeout" }); // OpenAI's envelope
  expect(bodyOf(okap)).toMatchObject({ approved: false }); // dialect A
  expect(bodyOf(management).error).toMatchObject({ type: "request_timeout" });
  expect(bodyOf(ui).error).toMatchObject({ type: "request_timeout" });
  expect((await h.grants.db.grant.findUniqueOrThrow({ where: { id: grant.grantId } })).status).toBe("active");
});

it("closes the connection of a body nobody reads (a page answered early), and answers the next client as usual", async () => {
  const page = await stalledRequest(h.vault.port, `POST /login HTTP/1.1\r\nhost: vault\r\ncontent-type: text/plain\r\n`, "x");
  expect(page.closed).toBe(true);
  expect(statusOf(page)).toBe(200);
  expect(page.text.toLowerCase()).toContain("connection: close");
  expect((await fetch(`${h.vault.url}/healthz`)).status).toBe(200);
});

it("closes hundreds of stalled clients with a few log lines, and caps the connections of one address", async () => {
  const linesBefore = h.vault.output().split("\n").length;
  const many = await Promise.all(
    Array.from({ length: 300 }, (_, i) =>
      stalledRequest(
        h.vault.port,
        i % 2
          ? `POST /okap/request HTTP/1.1\r\nhost: vault\r\ncontent-type: application/json\r\n`
          : `POST /v1/openai/chat/completions HTTP/1.1\r\nhost: vault\r\nauthorization: Bearer ${grant.token}\r\ncontent-type: application/json\r\n`,
      ),
    ),
  );
  expect(many.every((s) => s.closed && statusOf(s) === 408)).toBe(true);
  expect(h.vault.output().split("\n").length - linesBefore).toBeLessThan(10);

  // The cap: MAX_PER_CLIENT idle connections are held; the next one is refused with 429 and closed.
  const held = await Promise.all(
    Array.from(
      { length: MAX_PER_CLIENT },
      () =>
        new Promise<net.Socket>((resolve, reject) => {
          const s = net.connect(h.vault.port, "127.0.0.1", () => resolve(s));
          s.on("error", reject);
        }),
    ),
  );
  const over = await stalledRequest(h.vault.port, `GET /healthz HTTP/1.1\r\nhost: vault\r\n`, "");
  expect(over.closed).toBe(true);
  expect(statusOf(over)).toBe(429);
  expect(over.text).toContain("retry-after: 1");
  for (const s of held) s.destroy();
  await new Promise((r) => setTimeout(r, 200));
  expect((await fetch(`${h.vault.url}/healthz`)).status).toBe(200);
});
