/**
 * Revocable sessions and throttling that cannot be turned against the owner, over real HTTP on
 * SQLite and PostgreSQL: a copied session cookie dies with sign-out; Settings' session list signs
 * out one browser or all; failures from other loopback addresses (127.0.0.2, 127.0.0.3) slow those
 * addresses down while the owner's browser (device cookie, 127.0.0.1) still signs in; lockouts and
 * unusual sign-ins land in the audit log.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/foundation/db/client";
import { describeEachDatabase, freshDatabaseUrl } from "@/test/support/databases";
import { startVault, type VaultProcess } from "@/test/support/vault-server";
import { WebClient } from "@/test/support/web-client";

const OWNER = { email: "owner@example.com", password: "correct horse battery" };

function copyOf(client: WebClient, base: string): WebClient {
  const copy = new WebClient(base);
  for (const [k, v] of client.cookies) copy.cookies.set(k, v);
  return copy;
}

async function actions(db: Db, action: string) {
  return db.auditEvent.findMany({ where: { action }, orderBy: { seq: "asc" } });
}

describeEachDatabase("account sessions and sign-in throttling on $kind", (kind) => {
  let vault: VaultProcess;
  let db: Db;
  let owner: WebClient;

  beforeAll(async () => {
    const databaseUrl = await freshDatabaseUrl(kind);
    vault = await startVault({ databaseUrl });
    db = createDb(databaseUrl);
    owner = new WebClient(vault.url);
    expect((await owner.setup(OWNER.email, OWNER.password)).status).toBe(201);
    expect((await owner.signIn(OWNER.email, OWNER.password)).status).toBe(200);
  });
  afterAll(async () => {
    await db.$disconnect();
    expect(await vault.stop()).toBe(0);
  });

  it("ends a session on the server at sign-out: a copy of the cookie taken before gets 401 and the login page", async () => {
    const browser = new WebClient(vault.url);
    expect((await browser.signIn(OWNER.email, OWNER.password)).status).toBe(200);
    const thief = copyOf(browser, vault.url);
    expect((await thief.request("GET", "/api/ui/keys")).status).toBe(200);
    expect((await browser.signOut()).status).toBe(200);
    const replay = await thief.request("GET", "/api/ui/keys");
    expect(replay.status).toBe(401);
    expect(replay.json().error.type).toBe("not_signed_in");
    const page = await thief.visit("/keys");
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toBe("/login?callbackUrl=%2Fkeys");
    expect((await actions(db, "auth.sign_out")).length).toBeGreaterThanOrEqual(1);
  });

  it("stores only a keyed hash of the session token", async () => {
    const token = owner.cookies.get("okap_session")!;
    expect(token).toMatch(/^okss_[0-9A-Za-z]{36}$/);
    const rows = await db.userSession.findMany();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain(token.slice(5, 25));
  });

  it("lists sessions with device, address and times, and signs one out or all of them", async () => {
    const laptop = new WebClient(vault.url);
    expect(
      (await laptop.signIn(OWNER.email, OWNER.password, { "user-agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Firefox/130.0" }))
        .status,
    ).toBe(200);
    const list = (await owner.request("GET", "/api/ui/sessions")).json().data as {
      id: string;
      device: string;
      ip: string;
      created_at: string;
      last_seen_at: string;
      current: boolean;
    }[];
    expect(list.filter((s) => s.current)).toHaveLength(1);
    const other = list.find((s) => s.device === "Firefox on macOS")!;
    expect(other).toMatchObject({ ip: "127.0.0.1", current: false });
    expect(Date.parse(other.created_at)).not.toBeNaN();
    expect(Date.parse(other.last_seen_at)).not.toBeNaN();

    expect((await owner.request("DELETE", `/api/ui/sessions/${other.id}`)).status).toBe(204);
    expect((await laptop.request("GET", "/api/ui/keys")).status).toBe(401);
    expect((await owner.request("GET", "/api/ui/keys")).status).toBe(200);
    expect((await owner.request("DELETE", `/api/ui/sessions/${other.id}`)).status).toBe(404);
    expect((await owner.request("DELETE", "/api/ui/sessions/ses_x")).status).toBe(400);

    const phone = new WebClient(vault.url);
    expect((await phone.signIn(OWNER.email, OWNER.password)).status).toBe(200);
    const copy = copyOf(owner, vault.url);
    const everywhere = await owner.request("DELETE", "/api/ui/sessions");
    expect(everywhere.status).toBe(200);
    expect(everywhere.json().ended).toBeGreaterThanOrEqual(2);
    for (const client of [owner, phone, copy]) expect((await client.request("GET", "/api/ui/keys")).status).toBe(401);
    expect((await actions(db, "auth.signed_out_everywhere")).length).toBe(1);
    expect((await owner.signIn(OWNER.email, OWNER.password)).status).toBe(200);
  });

  it("audits a sign-in from a new browser at an address the account never used", async () => {
    const before = (await actions(db, "auth.sign_in_unusual")).length;
    const stranger = new WebClient(vault.url, { localAddress: "127.0.0.5" });
    expect((await stranger.signIn(OWNER.email, OWNER.password)).status).toBe(200);
    const unusual = await actions(db, "auth.sign_in_unusual");
    expect(unusual.length).toBe(before + 1);
    expect(unusual.at(-1)!.ip).toBe("127.0.0.5");
    // the same browser again is not unusual
    expect((await stranger.signIn(OWNER.email, OWNER.password)).status).toBe(200);
    expect((await actions(db, "auth.sign_in_unusual")).length).toBe(before + 1);
  });

  it("slows down the addresses that guess the owner's password, never the owner's own browser", async () => {
    // The owner's browser signed in before, at 127.0.0.1: it holds a device cookie.
    expect(owner.cookies.get("okap_device")).toMatch(/^[0-9A-Za-z]{22}\.[A-Za-z0-9_-]{43}$/);
    // Each address is refused within 6 tries (5 per account and address; 10 for the account from
    // browsers it does not know, whichever comes first), with how long to wait.
    for (const address of ["127.0.0.2", "127.0.0.3"]) {
      const attacker = new WebClient(vault.url, { localAddress: address });
      const statuses: number[] = [];
      let slowed: Awaited<ReturnType<WebClient["signIn"]>> | undefined;
      for (let i = 0; i < 6 && !slowed; i++) {
        const response = await attacker.signIn(OWNER.email, `guess number ${i} ${address}`);
        statuses.push(response.status);
        if (response.status === 429) slowed = response;
      }
      expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
      expect(slowed?.status).toBe(429);
      expect(slowed!.json().error.message).toMatch(/Try again in 1[45] minutes/);
      expect(Number(slowed!.headers.get("retry-after"))).toBeGreaterThan(60);
      // even the right password waits at that address
      expect((await attacker.signIn(OWNER.email, OWNER.password)).status).toBe(429);
    }
    // The owner, same account, correct password, from the browser that signed in before:
    expect((await owner.signOut()).status).toBe(200);
    const back = await owner.signIn(OWNER.email, OWNER.password);
    expect(back.status).toBe(200);
    expect((await owner.request("GET", "/api/ui/keys")).status).toBe(200);
    // A browser the account does not know needs the second factor now, and is told how long to wait.
    const unknown = new WebClient(vault.url);
    const refused = await unknown.signIn(OWNER.email, OWNER.password);
    expect(refused.status).toBe(429);
    expect(refused.json().error.message).toMatch(/browser you used before.*Try again in 1[45] minutes/);
    // A wrong password from the owner's browser does not lock it either (its own budget is 5).
    const own = copyOf(owner, vault.url);
    own.cookies.delete("okap_session");
    expect((await own.signIn(OWNER.email, "a typo in the password")).status).toBe(401);
    expect((await own.signIn(OWNER.email, OWNER.password)).status).toBe(200);

    const lockouts = await actions(db, "auth.locked_out");
    const scopes = lockouts.map((e) => `${JSON.parse(e.metadata).scope}@${e.ip}`);
    expect(scopes).toContain("account_ip@127.0.0.2");
    expect(scopes.some((s) => s === "account@127.0.0.3" || s === "account@127.0.0.2")).toBe(true);
    expect(lockouts.every((e) => JSON.parse(e.metadata).retry_after_seconds > 0)).toBe(true);
    expect((await actions(db, "auth.sign_in_failed")).length).toBeGreaterThanOrEqual(8);
  });
});
