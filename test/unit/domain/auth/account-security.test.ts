/**
 * The pure parts of account security, and the sign-in throttle on a real database (SQLite and
 * PostgreSQL): device cookies bound to an email, browser names, recovery code spelling, TOTP steps
 * (drift of one step, nothing more), which approvals are "wide", and the throttle's verdicts.
 */
import { randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, expect, it } from "vitest";
import { deriveKeyRing } from "@/lib/foundation/crypto/key-ring";
import { createDb, type Db } from "@/lib/foundation/db/client";
import { migrateDatabase } from "@/lib/foundation/db/migrate";
import { deviceNonceOf, mintDeviceCookie } from "@/lib/domain/auth/device-cookie";
import { admitLoginAttempt, clearLoginAttempts, LOGIN_LIMITS } from "@/lib/domain/auth/login-throttle";
import { deviceLabel } from "@/lib/domain/auth/sessions/device-label";
import { normalizeRecoveryCode } from "@/lib/domain/auth/second-factor/recovery-codes";
import { matchTotpStep } from "@/lib/domain/auth/second-factor/totp";
import { isWideGrant } from "@/lib/domain/auth/step-up";
import { BUILTIN_GRANT_DEFAULTS } from "@/lib/domain/grants/grant-defaults";
import type { ApprovedScope } from "@/lib/engines/okap/granted-scope";
import { describeEachDatabase, freshDatabaseUrl } from "@/test/support/databases";

it("accepts a device cookie only for the email it was signed for, and only untampered", () => {
  const ring = deriveKeyRing(randomBytes(32));
  const cookie = mintDeviceCookie(ring, "owner@example.com");
  const nonce = deviceNonceOf(ring, "owner@example.com", cookie);
  expect(nonce).toBe(cookie.split(".")[0]);
  expect(deviceNonceOf(ring, "other@example.com", cookie)).toBeNull();
  expect(deviceNonceOf(deriveKeyRing(randomBytes(32)), "owner@example.com", cookie)).toBeNull();
  const flipped = cookie.slice(0, -1) + (cookie.endsWith("A") ? "B" : "A");
  expect(deviceNonceOf(ring, "owner@example.com", flipped)).toBeNull();
  expect(deviceNonceOf(ring, "owner@example.com", null)).toBeNull();
  expect(deviceNonceOf(ring, "owner@example.com", "garbage")).toBeNull();
});

it("names browsers from their User-Agent", () => {
  expect(deviceLabel("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36")).toBe(
    "Chrome on Linux",
  );
  expect(deviceLabel("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile Safari/604.1")).toBe(
    "Safari on iOS",
  );
  expect(deviceLabel("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0 Safari/537.36 Edg/130.0")).toBe("Edge on Windows");
  expect(deviceLabel(null)).toBe("Unknown device");
});

it("reads recovery codes whatever their case, spaces and dashes", () => {
  expect(normalizeRecoveryCode("ABCDE-FGHJK")).toBe("abcde-fghjk");
  expect(normalizeRecoveryCode(" abcde fghjk ")).toBe("abcde-fghjk");
  expect(normalizeRecoveryCode("abcdefghjk")).toBe("abcde-fghjk");
});

it("matches a TOTP code of this step or one step away, never further, and never a malformed one", () => {
  const secret = new Secret({ size: 20 }).base32;
  const totp = new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });
  const now = new Date(1_800_000_015_000);
  const step = Math.floor(now.getTime() / 30_000);
  expect(matchTotpStep(secret, "a@b.c", totp.generate({ timestamp: now.getTime() }), now)).toBe(step);
  expect(matchTotpStep(secret, "a@b.c", totp.generate({ timestamp: now.getTime() - 30_000 }), now)).toBe(step - 1);
  expect(matchTotpStep(secret, "a@b.c", totp.generate({ timestamp: now.getTime() + 30_000 }), now)).toBe(step + 1);
  expect(matchTotpStep(secret, "a@b.c", totp.generate({ timestamp: now.getTime() - 90_000 }), now)).toBeNull();
  expect(matchTotpStep(secret, "a@b.c", "12345", now)).toBeNull();
  expect(matchTotpStep(secret, "a@b.c", "abcdef", now)).toBeNull();
});

it("calls an approval wide when it covers any model or a cap above the defaults", () => {
  const scope: ApprovedScope = {
    provider: "openai",
    providerKeyId: "key_x",
    models: ["gpt-4o"],
    capabilities: ["chat"],
    monthlyCapMicros: BUILTIN_GRANT_DEFAULTS.monthlySpendMicros,
    dailyCapMicros: null,
    requestsPerMinute: null,
    requestsPerDay: null,
    maxTokensPerRequest: null,
  };
  const grant = (s: Partial<ApprovedScope>) => ({ scopes: [{ ...scope, ...s }], apiScopes: [], expiresAt: new Date() });
  expect(isWideGrant(grant({}), BUILTIN_GRANT_DEFAULTS)).toBe(false);
  expect(isWideGrant(grant({ models: [] }), BUILTIN_GRANT_DEFAULTS)).toBe(true);
  expect(isWideGrant(grant({ monthlyCapMicros: BUILTIN_GRANT_DEFAULTS.monthlySpendMicros + 1n }), BUILTIN_GRANT_DEFAULTS)).toBe(true);
  expect(isWideGrant(grant({ monthlyCapMicros: 1n }), BUILTIN_GRANT_DEFAULTS)).toBe(false);
  const api = {
    hosts: ["*"],
    wildcard: true,
    credentialIds: [],
    methods: [],
    pathPrefixes: [],
    requestsPerMinute: null,
    requestsPerDay: null,
  };
  expect(isWideGrant({ ...grant({}), apiScopes: [api] }, BUILTIN_GRANT_DEFAULTS)).toBe(true); // any host
  expect(isWideGrant({ ...grant({}), apiScopes: [{ ...api, hosts: ["api.github.com"], wildcard: false }] }, BUILTIN_GRANT_DEFAULTS)).toBe(
    false,
  );
});

describeEachDatabase("sign-in throttle on $kind", (kind) => {
  let db: Db;
  const email = "owner@example.com";

  beforeAll(async () => {
    const url = await freshDatabaseUrl(kind);
    await migrateDatabase(url);
    db = createDb(url);
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  it("refuses an address past its per-account limit, not another address, and not the owner's device cookie", async () => {
    const attacker = { email, ip: "10.0.0.2", deviceNonce: null };
    for (let i = 0; i < LOGIN_LIMITS.perAccountIp; i++) expect((await admitLoginAttempt(db, attacker)).refused).toBeNull();
    const refused = await admitLoginAttempt(db, attacker);
    expect(refused.refused?.code).toBe("too_many_attempts");
    expect(refused.refused?.retryAfterSeconds).toBeGreaterThan(800);
    expect(refused.started.map((l) => l.scope)).toEqual(["account_ip"]);
    expect((await admitLoginAttempt(db, attacker)).started).toEqual([]); // audited once, when it starts

    const elsewhere = await admitLoginAttempt(db, { email, ip: "10.0.0.3", deviceNonce: null });
    expect(elsewhere.refused).toBeNull();
    const owner = await admitLoginAttempt(db, { email, ip: "10.0.0.2", deviceNonce: "n".repeat(22) });
    expect(owner).toMatchObject({ trusted: true, refused: null, accountLocked: null });
  });

  it("needs the second factor from unknown browsers once the account had 10 attempts from them, and forgets a success", async () => {
    for (const ip of ["10.0.1.1", "10.0.1.2", "10.0.1.3"]) await admitLoginAttempt(db, { email, ip, deviceNonce: null });
    const locked = await admitLoginAttempt(db, { email, ip: "10.0.1.4", deviceNonce: null });
    expect(locked.accountLocked).toBeGreaterThan(0);
    expect(locked.refused).toBeNull();
    const client = { email, ip: "10.0.1.4", deviceNonce: null };
    await clearLoginAttempts(db, client, false);
    expect(await db.authThrottle.findUnique({ where: { key: `acct-ip:${email}|10.0.1.4` } })).toBeNull();
  });

  it("locks a device cookie after 5 failures, which then counts as an unknown browser", async () => {
    const device = { email: "dev@example.com", ip: "10.0.2.1", deviceNonce: "d".repeat(22) };
    for (let i = 0; i < LOGIN_LIMITS.perDeviceCookie; i++) expect((await admitLoginAttempt(db, device)).trusted).toBe(true);
    const after = await admitLoginAttempt(db, device);
    expect(after.trusted).toBe(false);
    expect(after.started.map((l) => l.scope)).toContain("device");
  });
});
