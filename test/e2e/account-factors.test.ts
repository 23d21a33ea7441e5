/**
 * Password, TOTP second factor and step-up over real HTTP on SQLite and PostgreSQL, and the CLI's
 * account recovery: a password change needs the current one and ends the other sessions; TOTP is
 * required at every sign-in once on; wrong, expired and reused codes and used recovery codes are
 * refused and audited; dangerous actions need a proof less than 10 minutes old; no TOTP secret,
 * recovery code or session token reaches the database or a log.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { Secret, TOTP } from "otpauth";
import { describeEachDatabase } from "@/test/support/databases";
import { OWNER, startOkapVault, type OkapVault } from "@/test/support/okap-vault";
import { WebClient } from "@/test/support/web-client";

function codeAt(secret: string, offsetSeconds = 0): string {
  const totp = new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });
  return totp.generate({ timestamp: Date.now() + offsetSeconds * 1000 });
}

/** A code the vault has not seen: the step after the last one it accepted (waiting, if need be, until that step is in reach). */
async function unusedCode(v: OkapVault, secret: string): Promise<string> {
  const { totpLastStep } = await v.db.user.findUniqueOrThrow({ where: { email: OWNER.email } });
  const step = (totpLastStep ?? 0) + 1;
  while (Math.floor(Date.now() / 30_000) + 1 < step) await new Promise((r) => setTimeout(r, 500));
  const totp = new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });
  return totp.generate({ timestamp: step * 30_000 });
}

async function reasons(v: OkapVault): Promise<string[]> {
  const rows = await v.db.auditEvent.findMany({ where: { action: "auth.second_factor_failed" }, orderBy: { seq: "asc" } });
  return rows.map((r) => JSON.parse(r.metadata).reason);
}

describeEachDatabase("password, second factor and step-up on $kind", (kind) => {
  let v: OkapVault;
  let password = OWNER.password;
  const secrets: string[] = [];

  beforeAll(async () => {
    v = await startOkapVault(kind, { providers: ["openai"] });
  });
  afterAll(async () => {
    await v.stop();
  });

  it("changes the password only with the current one, and ends every other session", async () => {
    const other = new WebClient(v.vault.url);
    expect((await other.signIn(OWNER.email, password)).status).toBe(200);
    const wrong = await v.owner.request("POST", "/api/ui/account/password", {
      json: { current_password: "not it at all", new_password: "a brand new password" },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.json().error).toMatchObject({ type: "invalid_credentials", field: "current_password" });
    const short = await v.owner.request("POST", "/api/ui/account/password", {
      json: { current_password: password, new_password: "short" },
    });
    expect(short.status).toBe(400);
    const changed = await v.owner.request("POST", "/api/ui/account/password", {
      json: { current_password: password, new_password: "a brand new password" },
    });
    expect(changed.status).toBe(200);
    expect(changed.json().ended_sessions).toBeGreaterThanOrEqual(1);
    expect((await other.request("GET", "/api/ui/keys")).status).toBe(401);
    expect((await v.owner.request("GET", "/api/ui/keys")).status).toBe(200);
    expect((await new WebClient(v.vault.url).signIn(OWNER.email, password)).status).toBe(401);
    password = "a brand new password";
    expect((await new WebClient(v.vault.url).signIn(OWNER.email, password)).status).toBe(200);
  });

  it("resets the password from the CLI (stdin), audited, ending every session", async () => {
    const reset = v.cli(["user", "reset-password", "--email", OWNER.email, "--password-stdin", "--json"], "the password from the shell\n");
    expect(reset.status, reset.stderr).toBe(0);
    expect(JSON.parse(reset.stdout)).toMatchObject({ email: OWNER.email });
    expect(JSON.parse(reset.stdout).ended_sessions).toBeGreaterThanOrEqual(2);
    expect(reset.stdout + reset.stderr).not.toContain("the password from the shell");
    expect((await v.owner.request("GET", "/api/ui/keys")).status).toBe(401);
    expect(await v.db.auditEvent.count({ where: { action: "auth.password_reset", actorType: "cli" } })).toBe(1);
    expect(v.cli(["user", "reset-password", "--email", OWNER.email], "").status).not.toBe(0);
    password = "the password from the shell";
    expect((await v.owner.signIn(OWNER.email, password)).status).toBe(200);
  });

  it("enrols TOTP with a confirming code, then asks for it at sign-in and refuses wrong, expired and reused codes", async () => {
    const other = new WebClient(v.vault.url);
    expect((await other.signIn(OWNER.email, password)).status).toBe(200);
    const begin = await v.owner.request("POST", "/api/ui/account/totp", { json: {} });
    expect(begin.status).toBe(200);
    const { secret, otpauth_url, qr_data_url } = begin.json();
    secrets.push(secret);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauth_url).toContain(`secret=${secret}`);
    expect(qr_data_url).toMatch(/^data:image\/png;base64,/);
    const bad = await v.owner.request("POST", "/api/ui/account/totp/confirm", { json: { code: "000000" } });
    expect(bad.status).toBe(401);
    expect(bad.json().error.type).toBe("invalid_second_factor");
    const confirmed = await v.owner.request("POST", "/api/ui/account/totp/confirm", { json: { code: codeAt(secret) } });
    expect(confirmed.status).toBe(200);
    const codes: string[] = confirmed.json().recovery_codes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    secrets.push(...codes);
    expect((await other.request("GET", "/api/ui/keys")).status).toBe(401); // a factor change ends other sessions
    expect((await v.owner.request("GET", "/api/ui/keys")).status).toBe(200);

    const browser = new WebClient(v.vault.url);
    const asked = await browser.signIn(OWNER.email, password);
    expect(asked.status).toBe(401);
    expect(asked.json().error.type).toBe("second_factor_required");
    expect(browser.signedIn).toBe(false);
    const wrong = await browser.signIn(OWNER.email, password, {}, { totp: "123456" === codeAt(secret) ? "654321" : "123456" });
    expect(wrong.status).toBe(401);
    expect(wrong.json().error.message).toMatch(/wrong or has expired/);
    const expired = await browser.signIn(OWNER.email, password, {}, { totp: codeAt(secret, -120) });
    expect(expired.status).toBe(401);
    const next = codeAt(secret, 30); // the next step: the enrolment code's step is used
    expect((await browser.signIn(OWNER.email, password, {}, { totp: next })).status).toBe(200);
    expect(browser.signedIn).toBe(true);
    const replay = await new WebClient(v.vault.url).signIn(OWNER.email, password, {}, { totp: next });
    expect(replay.status).toBe(401);
    expect(replay.json().error.message).toMatch(/already used/);
    expect(await reasons(v)).toEqual(expect.arrayContaining(["enrolment_code_wrong", "wrong_or_expired_code", "reused_code"]));
  });

  it("signs in once with each recovery code and refuses it the second time", async () => {
    const code = secrets[1]!;
    const first = await new WebClient(v.vault.url).signIn(OWNER.email, password, {}, { recovery_code: code.toUpperCase() });
    expect(first.status).toBe(200);
    const again = await new WebClient(v.vault.url).signIn(OWNER.email, password, {}, { recovery_code: code });
    expect(again.status).toBe(401);
    expect(again.json().error.message).toMatch(/already used/);
    const made = await new WebClient(v.vault.url).signIn(OWNER.email, password, {}, { recovery_code: "aaaaa-bbbbb" });
    expect(made.status).toBe(401);
    expect(await reasons(v)).toEqual(expect.arrayContaining(["used_recovery_code", "wrong_recovery_code"]));
    expect(await v.db.auditEvent.count({ where: { action: "auth.recovery_code_used" } })).toBe(1);
  });

  it("asks for a fresh proof before dangerous actions once the last one is 10 minutes old", async () => {
    // Ten minutes pass (the session's last proof is moved back rather than waited for).
    const age = async () => v.db.userSession.updateMany({ data: { verifiedAt: new Date(Date.now() - 11 * 60_000) } });
    await age();
    const add = () =>
      v.owner.request("POST", "/api/ui/keys", { json: { provider: "openai", label: "second", key: "sk-step-up-0123456789abcdefghij" } });
    const refused = await add();
    expect(refused.status).toBe(403);
    expect(refused.json().error.type).toBe("step_up_required");
    expect(await v.db.providerKey.count({ where: { label: "second" } })).toBe(0);
    expect((await v.owner.request("PUT", "/api/ui/upstreams/openai", { json: { url: "https://example.com/v1" } })).status).toBe(403);
    expect((await v.owner.request("DELETE", `/api/ui/keys/${v.keys.openai}`)).status).toBe(403);
    const write = await v.owner.request("POST", "/api/ui/management-keys", { json: { name: "w", scope: "write" } });
    expect(write.status).toBe(403);
    expect((await v.owner.request("POST", "/api/ui/management-keys", { json: { name: "r", scope: "read" } })).status).toBe(201);
    expect((await v.owner.request("GET", "/api/ui/keys")).status).toBe(200); // reading needs nothing

    const wrong = await v.owner.request("POST", "/api/auth/step-up", { json: { password: "not my password" } });
    expect(wrong.status).toBe(401);
    expect((await v.owner.request("POST", "/api/auth/step-up", { json: { totp: "000000" } })).status).toBe(401);
    const ok = await v.owner.request("POST", "/api/auth/step-up", { json: { password } });
    expect(ok.status).toBe(200);
    expect((await add()).status).toBe(201);
    expect((await v.owner.request("POST", "/api/ui/management-keys", { json: { name: "w", scope: "write" } })).status).toBe(201);
    const hand = { name: "Hand-made", provider: "openai", limits: { monthly_spend: 2 } };
    const made = await v.owner.request("POST", "/api/ui/grants", { json: hand });
    expect(made.status, made.text).toBe(200);
    const grantId = made.json().grant.id as string;

    // stale again: connecting an app, widening a grant and turning TOTP on need a new proof; tightening does not
    await age();
    expect((await v.owner.request("POST", "/api/ui/grants", { json: hand })).status).toBe(403);
    const widen = await v.owner.request("PATCH", `/api/ui/grants/${grantId}`, { json: { limits: { monthly_spend: 50 } } });
    expect(widen.status).toBe(403);
    expect(widen.json().error.type).toBe("step_up_required");
    expect((await v.owner.request("PATCH", `/api/ui/grants/${grantId}`, { json: { limits: { monthly_spend: 1 } } })).status).toBe(200);
    expect((await v.db.grantScope.findFirstOrThrow({ where: { grantId } })).monthlyCapMicros).toBe(1_000_000n);
    expect((await v.owner.request("POST", "/api/ui/account/totp", { json: {} })).status).toBe(403);
    expect(await v.db.grant.count({ where: { clientName: "Hand-made" } })).toBe(1);

    await age();
    expect((await add()).status).toBe(403);
    const byCode = await v.owner.request("POST", "/api/auth/step-up", { json: { recovery_code: secrets[3]! } });
    expect(byCode.status).toBe(200);
    expect(await v.db.auditEvent.count({ where: { action: "auth.step_up" } })).toBe(2);
    expect(await v.db.auditEvent.count({ where: { action: "auth.step_up_failed" } })).toBe(1);
  });

  it("lets an unknown browser in during a lockout only with the second factor", async () => {
    for (const address of ["127.0.0.2", "127.0.0.3", "127.0.0.4"]) {
      const attacker = new WebClient(v.vault.url, { localAddress: address });
      for (let i = 0; i < 4; i++) await attacker.signIn(OWNER.email, `a guess ${i}`);
    }
    const unknown = new WebClient(v.vault.url);
    const noCode = await unknown.signIn(OWNER.email, password);
    expect(noCode.status).toBe(429);
    expect(noCode.json().error.message).toMatch(/second factor/);
    const withCode = await unknown.signIn(OWNER.email, password, {}, { recovery_code: secrets[2]! });
    expect(withCode.status).toBe(200);
    expect(await v.db.auditEvent.count({ where: { action: "auth.sign_in_unusual" } })).toBeGreaterThanOrEqual(1);
  });

  it("turns TOTP off only with a fresh code; the CLI turns it on (JSON) and off for a headless server", async () => {
    const none = await v.owner.request("POST", "/api/ui/account/totp/disable", { json: {} });
    expect(none.status).toBe(401);
    expect((await v.owner.request("POST", "/api/ui/account/totp/disable", { json: { totp: "000000" } })).status).toBe(401);
    const off = await v.owner.request("POST", "/api/ui/account/totp/disable", { json: { totp: await unusedCode(v, secrets[0]!) } });
    expect(off.status).toBe(200);
    // Unknown browsers are still locked out of the account (the test before): these are the owner's.
    const known = () => {
      const client = new WebClient(v.vault.url);
      client.cookies.set("okap_device", v.owner.cookies.get("okap_device")!);
      return client;
    };
    expect((await known().signIn(OWNER.email, password)).status).toBe(200);

    const on = v.cli(["user", "2fa", "enable", "--email", OWNER.email, "--json"]);
    expect(on.status, on.stderr).toBe(0);
    const printed = JSON.parse(on.stdout);
    expect(Object.keys(printed).sort()).toEqual(["otpauth_url", "recovery_codes", "secret"]);
    expect(printed.recovery_codes).toHaveLength(10);
    secrets.push(printed.secret, ...printed.recovery_codes);
    const browser = known();
    expect((await browser.signIn(OWNER.email, password)).json().error.type).toBe("second_factor_required");
    expect((await browser.signIn(OWNER.email, password, {}, { totp: codeAt(printed.secret) })).status).toBe(200);
    expect(v.cli(["user", "2fa", "enable", "--email", OWNER.email]).status).toBe(1);
    const disabled = v.cli(["user", "2fa", "disable", "--email", OWNER.email]);
    expect(disabled.status, disabled.stderr).toBe(0);
    expect((await browser.request("GET", "/api/ui/keys")).status).toBe(401);
    expect((await known().signIn(OWNER.email, password)).status).toBe(200);
  });

  it("keeps TOTP secrets, recovery codes and session tokens out of the database and the logs", async () => {
    const dump = v.dump();
    const output = v.vault.output();
    const audit = JSON.stringify(await v.db.auditEvent.findMany());
    const token = v.owner.cookies.get("okap_session")!;
    for (const s of [...secrets, token]) {
      expect(dump).not.toContain(s);
      expect(output).not.toContain(s);
      expect(audit).not.toContain(s);
    }
  });
});
