/**
 * The foundation over real HTTP against the real server, on SQLite and on PostgreSQL: first-run
 * setup, sign-in (with throttling) and sign-out, provider keys, upstream URLs, page headers, CSRF,
 * and what anyone without a session gets.
 */
import net from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase, freshDatabaseUrl } from "@/test/support/databases";
import { startVault, type VaultProcess } from "@/test/support/vault-server";
import { WebClient } from "@/test/support/web-client";

const OWNER = { email: "owner@example.com", password: "correct horse battery" };

describeEachDatabase("foundation on $kind", (kind) => {
  let vault: VaultProcess;
  let owner: WebClient;

  beforeAll(async () => {
    vault = await startVault({ databaseUrl: await freshDatabaseUrl(kind) });
    owner = new WebClient(vault.url);
  });
  afterAll(async () => {
    expect(await vault.stop()).toBe(0); // graceful SIGTERM exits 0
  });

  it("sends a fresh vault to /setup and serves pages with the security headers", async () => {
    const client = new WebClient(vault.url);
    const home = await client.visit("/");
    expect(home.status).toBe(307);
    expect(home.headers.get("location")).toBe("/setup");
    const setup = await client.visit("/setup");
    expect(setup.status).toBe(200);
    const csp = setup.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(setup.text).toContain(`nonce="${nonce}"`); // Next.js applied the nonce to its scripts
    expect(setup.headers.get("x-frame-options")).toBe("DENY");
    expect(setup.headers.get("referrer-policy")).toBe("no-referrer");
    expect(client.cookies.get("okap_csrf")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("refuses setup requests that are cross-site, token-less or invalid, and stores nothing", async () => {
    const client = new WebClient(vault.url);
    await client.visit("/setup");
    const evil = await client.request("POST", "/api/setup", { json: OWNER, origin: "https://evil.example" });
    expect(evil.status).toBe(403);
    expect(evil.json().error.type).toBe("csrf_failed");
    expect((await client.request("POST", "/api/setup", { json: OWNER, origin: "null" })).status).toBe(403);
    expect((await client.request("POST", "/api/setup", { json: OWNER, origin: null })).status).toBe(403);
    expect((await client.request("POST", "/api/setup", { json: OWNER, csrf: false })).status).toBe(403);

    const badEmail = await client.request("POST", "/api/setup", { json: { email: "not-an-email", password: OWNER.password } });
    expect(badEmail.status).toBe(400);
    expect(badEmail.json().error).toMatchObject({ type: "invalid_request", field: "email" });
    const shortPassword = await client.request("POST", "/api/setup", { json: { email: OWNER.email, password: "short" } });
    expect(shortPassword.status).toBe(400);
    expect(shortPassword.json().error.message).toMatch(/at least 12 characters/);
    const extra = await client.request("POST", "/api/setup", { json: { ...OWNER, role: "owner" } });
    expect(extra.status).toBe(400);
    expect(extra.json().error.message).toMatch(/unknown field/);
    // nothing was created: the setup page is still there
    expect((await client.visit("/setup")).status).toBe(200);
  });

  it("creates the owner once; afterwards /setup is gone and a second setup is refused", async () => {
    const created = await owner.setup(OWNER.email, OWNER.password);
    expect(created.status).toBe(201);
    expect(created.json()).toMatchObject({ email: OWNER.email, role: "owner" });
    expect(created.text).not.toContain("passwordHash");

    const again = await new WebClient(vault.url).setup("second@example.com", "another long password");
    expect(again.status).toBe(409);
    expect(again.json().error.type).toBe("already_set_up");
    expect((await new WebClient(vault.url).visit("/setup")).status).toBe(404);
    expect((await new WebClient(vault.url).visit("/")).headers.get("location")).toBe("/login");
  });

  it("turns away requests without a session: pages redirect to login and come back, APIs answer 401", async () => {
    const anonymous = new WebClient(vault.url);
    const keysPage = await anonymous.visit("/keys");
    expect(keysPage.status).toBe(307);
    expect(keysPage.headers.get("location")).toBe("/login?callbackUrl=%2Fkeys");
    const list = await anonymous.request("GET", "/api/ui/keys");
    expect(list.status).toBe(401);
    expect(list.json().error.type).toBe("not_signed_in");
    const add = await anonymous.request("POST", "/api/ui/keys", { json: { provider: "openai", label: "x", key: "sk-abcdefghijklmnop" } });
    expect(add.status).toBe(401);
    const upstream = await anonymous.request("PUT", "/api/ui/upstreams/openai", { json: { url: "https://example.com/v1" } });
    expect(upstream.status).toBe(401);
  });

  it("signs in with the right password only, and signs out", async () => {
    const wrong = await owner.signIn(OWNER.email, "wrong password here");
    expect(wrong.status).toBe(401);
    expect(owner.signedIn).toBe(false);
    const right = await owner.signIn(OWNER.email, OWNER.password);
    expect(right.status).toBe(200);
    expect(owner.signedIn).toBe(true);
    const session = (await owner.request("GET", "/api/auth/session")).json();
    expect(session.user.email).toBe(OWNER.email);
    expect((await owner.visit("/keys")).status).toBe(200);

    const other = new WebClient(vault.url);
    await other.signIn(OWNER.email, OWNER.password);
    const out = await other.signOut();
    expect(out.status).toBe(200);
    expect(other.signedIn).toBe(false);
    expect((await other.visit("/keys")).status).toBe(307);
  });

  it("refuses a sign-in POST from a foreign origin", async () => {
    const client = new WebClient(vault.url);
    await client.visit("/login");
    const response = await client.request("POST", "/api/auth/sign-in", {
      json: { email: OWNER.email, password: OWNER.password },
      origin: "https://evil.example",
    });
    expect(response.status).toBe(403);
    const noToken = await client.request("POST", "/api/auth/sign-in", {
      json: { email: OWNER.email, password: OWNER.password },
      csrf: false,
    });
    expect(noToken.status).toBe(403);
    expect(noToken.json().error.type).toBe("csrf_failed");
    expect(client.signedIn).toBe(false);
  });

  it("locks an account at an address after 5 failed sign-ins, even for the right password, and says how long to wait", async () => {
    // Attempts count per address whether or not the account exists (no enumeration).
    const email = "someone-else@example.com";
    const client = new WebClient(vault.url);
    for (let i = 0; i < 5; i++) expect((await client.signIn(email, `wrong password ${i}`)).status).toBe(401);
    const locked = await client.signIn(email, "whatever it is now");
    expect(locked.status).toBe(429);
    expect(locked.json().error.type).toBe("too_many_attempts");
    expect(locked.json().error.message).toMatch(/Too many sign-in attempts.*Try again in 15 minutes/);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(800);
  });

  it("adds, lists, relabels, replaces and deletes provider keys; a key is only ever shown as its last 4", async () => {
    await owner.visit("/keys");
    const secret = "sk-test-ABCDEFGHIJKLMNOPQRSTUVWX1234";
    const added = await owner.request("POST", "/api/ui/keys", { json: { provider: "openai", label: "work", key: secret } });
    expect(added.status).toBe(201);
    const key = added.json();
    expect(key).toMatchObject({ provider: "openai", label: "work", last4: "1234", grants_using: 0 });
    expect(key.id).toMatch(/^key_[A-Za-z0-9]{20}$/);
    expect(added.text).not.toContain(secret.slice(0, 12));

    const second = await owner.request("POST", "/api/ui/keys", {
      json: { provider: "openai", label: "personal", key: "sk-personal-0000000000000000zzzz" },
    });
    expect(second.status).toBe(201);

    const list = (await owner.request("GET", "/api/ui/keys")).json().data;
    expect(list.map((k: { label: string }) => k.label).sort()).toEqual(["personal", "work"]);
    expect(JSON.stringify(list)).not.toMatch(/ciphertext|sk-test|sk-personal/);

    const page = await owner.visit("/keys");
    expect(page.text).toContain("1234");
    expect(page.text).not.toContain("ABCDEFGH");

    const relabelled = await owner.request("PATCH", `/api/ui/keys/${key.id}`, { json: { label: "work-2026" } });
    expect(relabelled.json()).toMatchObject({ label: "work-2026", last4: "1234" });
    const replaced = await owner.request("PATCH", `/api/ui/keys/${key.id}`, { json: { key: "sk-test-new-value-0123456789-9876" } });
    expect(replaced.json()).toMatchObject({ label: "work-2026", last4: "9876" });

    expect((await owner.request("DELETE", `/api/ui/keys/${key.id}`)).status).toBe(204);
    expect((await owner.request("DELETE", `/api/ui/keys/${key.id}`)).status).toBe(404);
    const after = (await owner.request("GET", "/api/ui/keys")).json().data;
    expect(after.map((k: { label: string }) => k.label)).toEqual(["personal"]);
  });

  it("rejects bad keys with a clear message and changes nothing", async () => {
    const before = (await owner.request("GET", "/api/ui/keys")).json().data.length;
    const cases: [unknown, number, RegExp][] = [
      [
        { provider: "openai", label: "personal", key: "sk-duplicate-label-000000000" },
        409,
        /A key labelled "personal" already exists for OpenAI/,
      ],
      [{ provider: "openai", label: "empty", key: "" }, 400, /key is required/],
      [{ provider: "openai", label: "spaces", key: "   " }, 400, /key is required/],
      [{ provider: "openai", label: "short", key: "sk-1" }, 400, /too short/],
      [{ provider: "openai", label: "long", key: "sk-" + "a".repeat(2000) }, 400, /too long/],
      [{ provider: "openai", label: "ws", key: "sk-abc def ghi jkl" }, 400, /printable ASCII/],
      [{ provider: "nope", label: "x", key: "sk-abcdefghijklmnop" }, 400, /unknown provider "nope"/],
      [{ provider: "openai", label: "", key: "sk-abcdefghijklmnop" }, 400, /label is required/],
      [{ provider: "openai", label: "a\u202Eb", key: "sk-abcdefghijklmnop" }, 400, /invisible characters/],
      [{ provider: "openai", label: "x", key: "sk-abcdefghijklmnop", extra: 1 }, 400, /unknown field/],
    ];
    for (const [body, status, message] of cases) {
      const response = await owner.request("POST", "/api/ui/keys", { json: body });
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(response.json().error.message).toMatch(message);
    }
    const huge = await owner.request("POST", "/api/ui/keys", { json: { provider: "openai", label: "huge", key: "k".repeat(100 * 1024) } });
    expect(huge.status).toBe(413);
    expect(huge.json().error.type).toBe("payload_too_large");
    const notJson = await owner.request("POST", "/api/ui/keys", { form: { provider: "openai" } });
    expect(notJson.status).toBe(415);
    expect((await owner.request("GET", "/api/ui/keys")).json().data.length).toBe(before);
  });

  it("lets a keyless provider (Ollama) be added without a key", async () => {
    const response = await owner.request("POST", "/api/ui/keys", { json: { provider: "ollama", label: "laptop", key: "" } });
    expect(response.status).toBe(201);
    expect(response.json()).toMatchObject({ provider: "ollama", last4: "" });
  });

  it("changes an upstream URL, refuses unsafe ones, and resets it", async () => {
    const set = await owner.request("PUT", "/api/ui/upstreams/groq", { json: { url: "https://groq.internal.example/openai/v1/" } });
    expect(set.status).toBe(204);
    expect((await owner.visit("/settings")).text).toContain("https://groq.internal.example/openai/v1");
    for (const url of [
      "http://169.254.169.254/latest",
      "http://[::ffff:127.0.0.1]/v1",
      "http://2130706433/v1",
      "ftp://x/y",
      "https://u:p@h/v1",
      "https://h/v1?x=1",
    ]) {
      const response = await owner.request("PUT", "/api/ui/upstreams/groq", { json: { url } });
      expect(response.status, url).toBe(400);
    }
    for (const body of [{}, { url: 5 }, { url: "https://groq.internal.example/v1", extra: 1 }]) {
      const response = await owner.request("PUT", "/api/ui/upstreams/groq", { json: body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.json().error.message).toMatch(/send \{"url"|unknown field: extra/);
    }
    expect((await owner.request("PUT", "/api/ui/upstreams/groq", { json: { url: null } })).status).toBe(204);
    expect((await owner.visit("/settings")).text).toContain("https://api.groq.com/openai/v1");
  });

  it("answers a path segment that does not percent-decode with 400 in the UI API's envelope, not 500", async () => {
    for (const [method, path] of [
      ["POST", "/api/ui/grants/%ff/pause"],
      ["PATCH", "/api/ui/grants/%c0%af"],
      ["DELETE", "/api/ui/keys/%E0%A4%A"],
      ["PUT", "/api/ui/upstreams/%ff"],
    ] as const) {
      const response = await owner.request(method, path, { json: { status: "paused" } });
      expect(response.status, path).toBe(400);
      expect(response.headers.get("cache-control"), path).toBe("no-store");
      expect(response.json().error, path).toMatchObject({ type: "invalid_request", message: expect.stringMatching(/percent-encoding/) });
    }
    for (const path of ["/approve/%ff/continue", "/approve/%ff"]) {
      const page = await owner.visit(path);
      expect(page.status, path).toBe(400);
      expect(page.text, path).toMatch(/percent-encoding/);
    }
    expect((await owner.visit("/keys")).status).toBe(200); // and the vault carries on
  });

  it("answers a request target that is not a path (`GET *`, `OPTIONS *`, absolute-form) with 400, not 500", async () => {
    const logged = vault.output().length;
    for (const target of ["GET *", "OPTIONS *", "GET http://evil.example/keys"]) {
      const answer = await rawRequest(vault.port, `${target} HTTP/1.1\r\nhost: vault\r\nconnection: close\r\n\r\n`);
      expect(answer, target).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer, target).toMatch(
        /application\/json[\s\S]*\{"error":\{"type":"invalid_request","message":"The request target must be a path/,
      );
    }
    expect(vault.output().slice(logged)).not.toMatch(/Invalid URL|unhandled error/);
  });
});

/** One raw HTTP/1.1 exchange (fetch cannot send a request target that is not a path). */
function rawRequest(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(bytes));
    let text = "";
    socket.on("data", (d: Buffer) => (text += d.toString("utf8")));
    socket.on("error", reject);
    socket.on("close", () => resolve(text));
  });
}
