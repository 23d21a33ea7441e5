/**
 * The proxy's boundaries over the wire: traversal paths, header allowlists both ways, upstream auth
 * failures, redirects, echoed keys and request smuggling. The canary key never reaches a client.
 * (Database-independent: run on SQLite; the database cases run on both in the other files.)
 */
import { connect } from "node:net";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CANARY_KEY, type TestGrant } from "@/test/support/grants";
import { expectNoCanary, lastUsage, rejection, startProxyHarness, type ProxyHarness } from "@/test/support/proxy-harness";

const CHAT = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });

function rawRequest(
  port: number,
  path: string,
  headers: Record<string, string>,
  body = "",
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method: "POST", headers, setHost: !("host" in headers) }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function rawSocket(port: number, payload: string): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    socket.on("data", (d) => (text += d));
    socket.on("close", () => resolve({ text, closed: true }));
    socket.write(payload);
    setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, 3000).unref();
  });
}

describe("proxy security", () => {
  let h: ProxyHarness;
  let grant: TestGrant;
  let auth: Record<string, string>;

  beforeAll(async () => {
    h = await startProxyHarness("sqlite");
    grant = await h.grants.create([{ provider: "openai", capabilities: ["chat"] }]);
    auth = { authorization: `Bearer ${grant.token}`, "content-type": "application/json" };
  });
  afterAll(async () => {
    expect(await h.stop()).toBe(0);
    expectNoCanary(h.vault.output(), "vault logs");
  });

  it("every traversal form is 400 invalid_path and the upstream sees nothing", async () => {
    h.fake.reset();
    for (const path of [
      "%2e%2e/%2e%2e/x",
      ".%2E/x",
      "..%2f",
      "//evil.com/x",
      "https://evil.com",
      "\\",
      "%252e",
      "../../x",
      "chat/completions/..",
    ]) {
      const response = await rawRequest(h.vault.port, `/v1/openai/${path}`, auth, CHAT);
      expect(response.status, path).toBe(400);
      expect(JSON.parse(response.text).error.type, path).toBe("invalid_path");
    }
    expect(h.fake.requests).toHaveLength(0);
  });

  it("upstream sees only allowlisted headers plus one injected key", async () => {
    h.fake.reset();
    const response = await rawRequest(
      h.vault.port,
      "/v1/openai/chat/completions",
      {
        ...auth,
        "x-api-key": "sk-other-0000000000000000",
        "openai-organization": "org-client",
        "openai-project": "proj_client",
        host: "evil.example",
        cookie: "session=abc",
        "x-forwarded-for": "6.6.6.6",
        connection: "keep-alive, x-api-key",
        "x-stainless-lang": "js",
        "user-agent": "OpenAI/JS 6.49.0",
      },
      CHAT,
    );
    expect(response.status).toBe(200);
    const seen = h.fake.requests[0]!;
    const names = Object.keys(seen.headers).sort();
    expect(names).toEqual([
      "accept-encoding",
      "authorization",
      "connection",
      "content-length",
      "content-type",
      "host",
      "user-agent",
      "x-stainless-lang",
    ]);
    expect(seen.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
    expect(seen.headers.host).toBe(new URL(h.fake.url).host);
    expect(seen.rawHeaders.filter((v, i) => i % 2 === 0 && v.toLowerCase() === "authorization")).toHaveLength(1);
  });

  it("set-cookie, org ids and content-encoding never reach the client; a gzip body decodes", async () => {
    h.fake.reply(() => ({
      body: JSON.stringify({ ...JSON.parse(CHAT), choices: [], usage: { prompt_tokens: 3, completion_tokens: 0, total_tokens: 3 } }),
      gzip: true,
      headers: {
        "set-cookie": "tracking=1",
        "openai-organization": "org-secret",
        "openai-project": "proj_secret",
        "content-type": "application/json",
        "x-ratelimit-remaining-requests": "99",
      },
    }));
    const response = await fetch(`${h.vault.url}/v1/openai/chat/completions`, { method: "POST", headers: auth, body: CHAT });
    expect(response.status).toBe(200);
    for (const name of ["set-cookie", "openai-organization", "openai-project", "content-encoding"])
      expect(response.headers.get(name), name).toBeNull();
    expect(response.headers.get("x-ratelimit-remaining-requests")).toBe("99");
    expect((await response.json()).usage.prompt_tokens).toBe(3);
    expect(await lastUsage(h, grant.grantId)).toMatchObject({ inputTokens: 3, costMicros: 1n });
  });

  it("an upstream 401 becomes 502 upstream_auth_failed without its body", async () => {
    h.fake.reply(() => ({
      status: 401,
      json: {
        error: {
          message: `Incorrect API key provided: ${CANARY_KEY.slice(0, 8)}***${CANARY_KEY.slice(-4)}. Full: ${CANARY_KEY}`,
          type: "invalid_request_error",
          code: "invalid_api_key",
        },
      },
    }));
    const response = await fetch(`${h.vault.url}/v1/openai/chat/completions`, { method: "POST", headers: auth, body: CHAT });
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(JSON.parse(text).error.type).toBe("upstream_auth_failed");
    expectNoCanary(text, "502 body");
    expect(text).not.toContain("Incorrect API key");
    expect(await lastUsage(h, grant.grantId)).toMatchObject({ status: 401, outcome: "upstream_error", costMicros: 0n });
  });

  it("never follows an upstream redirect", async () => {
    h.fake.reply(() => ({ status: 307, headers: { location: "http://169.254.169.254/latest/meta-data" }, body: "" }));
    const response = await fetch(`${h.vault.url}/v1/openai/chat/completions`, {
      method: "POST",
      headers: auth,
      body: CHAT,
      redirect: "manual",
    });
    expect(response.status).toBe(502);
    expect(response.headers.get("location")).toBeNull();
    expect((await response.json()).error.type).toBe("upstream_error");
    expect(h.fake.requests.filter((r) => r.path.includes("meta-data"))).toHaveLength(0);
  });

  it("redacts a key an upstream body echoes, in a JSON body and in a stream", async () => {
    h.fake.reply(() => ({ status: 400, json: { error: { message: `bad request for key ${CANARY_KEY}`, type: "invalid_request_error" } } }));
    const bad = await fetch(`${h.vault.url}/v1/openai/chat/completions`, { method: "POST", headers: auth, body: CHAT });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain("bad request for key [redacted]");
    expectNoCanary(text, "400 body");

    h.fake.reply(() => ({ sse: `data: {"choices":[{"index":0,"delta":{"content":"key is ${CANARY_KEY}"}}]}\n\ndata: [DONE]\n\n` }));
    const stream = await fetch(`${h.vault.url}/v1/openai/chat/completions`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ ...JSON.parse(CHAT), stream: true }),
    });
    const streamed = await stream.text();
    expect(streamed).toContain("key is [redacted]");
    expectNoCanary(streamed, "stream");
  });

  it("a request with both Content-Length and Transfer-Encoding is refused and the connection closed", async () => {
    h.fake.reset();
    const smuggle = [
      "POST /v1/openai/chat/completions HTTP/1.1",
      "Host: 127.0.0.1",
      `Authorization: Bearer ${grant.token}`,
      "Content-Type: application/json",
      "Content-Length: 4",
      "Transfer-Encoding: chunked",
      "",
      "0",
      "",
      "",
    ].join("\r\n");
    const result = await rawSocket(h.vault.port, smuggle);
    expect(result.text).toMatch(/^HTTP\/1\.1 400/);
    expect(result.closed).toBe(true);
    const folded = await rawSocket(
      h.vault.port,
      ["POST /v1/openai/chat/completions HTTP/1.1", "Host: x", "X-Folded: a", " b", "Content-Length: 0", "", ""].join("\r\n"),
    );
    expect(folded.text).toMatch(/^HTTP\/1\.1 400/);
    expect(h.fake.requests).toHaveLength(0);
  });

  it("a request target that is not a path (absolute-form, or a bare *) is 400 and never redirected or forwarded", async () => {
    h.fake.reset();
    for (const [method, target] of [
      ["POST", "http://evil.example/v1/openai/chat/completions"],
      ["GET", "https://evil.example/"],
      ["GET", "http://evil.example/login"],
      ["OPTIONS", "*"],
      ["GET", "*"],
    ]) {
      const result = await rawSocket(
        h.vault.port,
        [
          `${method} ${target} HTTP/1.1`,
          "Host: evil.example",
          `Authorization: Bearer ${grant.token}`,
          "Content-Length: 0",
          "Connection: close",
          "",
          "",
        ].join("\r\n"),
      );
      expect(result.text, target).toMatch(/^HTTP\/1\.1 400/);
      expect(result.text, target).not.toMatch(/\r\nlocation:/i);
      expect(result.text, target).toContain('"invalid_request"');
    }
    expect(h.fake.requests).toHaveLength(0);
  });

  it("a provider key whose ciphertext fails authentication answers provider_key_unreadable, logged and audited once, nothing sent", async () => {
    h.fake.reset();
    const broken = await h.grants.create([{ provider: "openai", capabilities: ["chat"], key: "sk-broken-" + "k".repeat(30) }]);
    const keyId = (await h.grants.db.grantScope.findUniqueOrThrow({ where: { id: broken.scopeIds[0]! } })).providerKeyId!;
    const row = await h.grants.db.providerKey.findUniqueOrThrow({ where: { id: keyId } });
    const altered = new Uint8Array(row.ciphertext);
    altered[altered.length - 1]! ^= 0xff;
    await h.grants.db.providerKey.update({ where: { id: keyId }, data: { ciphertext: altered } });

    for (let i = 0; i < 3; i++) {
      const error = await rejection(
        h.openai(broken.token).chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }),
      );
      expect(error.status).toBe(503);
      expect(error.type).toBe("provider_key_unreadable");
      expect(error.message).toMatch(/cannot be decrypted/);
    }
    expect(h.fake.requests).toHaveLength(0);
    const lines = h.vault
      .output()
      .split("\n")
      .filter((l) => l.includes("provider key unreadable"));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "error", keyId, provider: "openai" });
    const audit = await h.grants.db.auditEvent.findMany({ where: { action: "provider_key.unreadable", targetId: keyId } });
    expect(audit).toHaveLength(1);
    expect(await h.grants.usage(broken.grantId)).toHaveLength(0);
  });
});
