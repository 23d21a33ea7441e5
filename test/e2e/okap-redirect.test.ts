/**
 * [ext] Browser redirect with a one-time code and PKCE over real HTTP, on SQLite and PostgreSQL:
 * 303 to the approval page, 303 to the exact callback with code and state
 * (never the token), redemption with the verifier, wrong verifier, reused code (revokes the grant),
 * expired code (VAULT_OKAP_CODE_TTL_SECONDS=2 here), denial.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPkce, OkapClient, type AuthorizationRequestB } from "@/packages/okap-client/src";
import { describeEachDatabase } from "@/test/support/databases";
import { grantedB, okapError } from "@/test/support/okap-schemas";
import { sleep, startOkapVault, type OkapVault } from "@/test/support/okap-vault";

const CODE_TTL_SECONDS = 2;
const REQUEST: AuthorizationRequestB = {
  authorization_details: [{ type: "ai_model_access", provider: "openai", models: ["gpt-4o-mini"], limits: { monthly_spend: 3 } }],
  client: { name: "Web App", url: "https://web.example.com", callback: "https://web.example.com/okap/callback?tenant=7" },
};

describeEachDatabase("OKAP browser redirect on $kind", (kind) => {
  let v: OkapVault;
  let client: OkapClient;

  beforeAll(async () => {
    v = await startOkapVault(kind, { env: { VAULT_OKAP_CODE_TTL_SECONDS: String(CODE_TTL_SECONDS) } });
    client = new OkapClient({ vaultUrl: v.vault.url });
  });
  afterAll(async () => {
    expect(await v.leaks([])).toEqual([]); // no okap_ token in logs, database or audit
    await v.stop();
  });

  /** The browser's trip: /okap/authorize -> approval page -> (owner decides) -> continue -> callback. */
  async function startFlow(request = REQUEST, state = "st-123") {
    const pkce = await createPkce();
    const opened = await fetch(client.authorizeUrl(request, { codeChallenge: pkce.challenge, state }), { redirect: "manual" });
    expect(opened.status).toBe(303);
    const location = opened.headers.get("location")!;
    expect(location).toMatch(/^\/approve\/req_[A-Za-z0-9]{20}$/);
    return { id: location.split("/").pop()!, pkce };
  }
  async function decideAndFollow(id: string, decision: "approve" | "deny", json: unknown = {}) {
    const decided = await v.owner.request("POST", `/api/ui/requests/${id}/${decision}`, { json });
    expect(decided.status, decided.text).toBe(200);
    const next = await v.owner.request("GET", decided.json().next);
    expect(next.status).toBe(303);
    return next.headers.get("location")!;
  }

  it("303 to the exact callback with code and state only; the code and verifier redeem the token once", async () => {
    const { id, pkce } = await startFlow();
    const page = await v.owner.visit(`/approve/${id}`);
    expect(page.text).toContain("https://web.example.com");
    const location = await decideAndFollow(id, "approve", { entries: [{ provider: "openai", limits: { monthly_spend: 1.5 } }] });
    const callback = new URL(location);
    expect(`${callback.origin}${callback.pathname}`).toBe("https://web.example.com/okap/callback");
    expect([...callback.searchParams.keys()].sort()).toEqual(["code", "state", "tenant"]);
    expect(callback.searchParams.get("state")).toBe("st-123");
    expect(location).not.toMatch(/okap_/);
    const code = callback.searchParams.get("code")!;

    const body = grantedB.parse(await client.redeemCode(code, pkce.verifier));
    expect(body.authorization_details[0]).toMatchObject({ provider: "openai", models: ["gpt-4o-mini"], limits: { monthly_spend: 1.5 } });
    const token = await v.db.token.findUniqueOrThrow({ where: { hash: v.tokenHash(body.token) }, include: { grant: true } });
    expect(token.grant.status).toBe("active");
    // the browser going back to continue gets no second code
    const again = await v.owner.request("GET", `/approve/${id}/continue`);
    expect(again.headers.get("location")).toBe(`/approve/${id}`);
    expect((await v.owner.visit(`/approve/${id}`)).text).not.toMatch(/okap_[0-9A-Za-z]{10}/);
    expect(v.vault.output()).not.toContain(body.token);

    // the same code again is refused and revokes what it produced
    const reused = await fetch(`${v.vault.url}/okap/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code, code_verifier: pkce.verifier }),
    });
    expect(reused.status).toBe(400);
    expect(okapError("invalid_grant").parse(await reused.json()).error.message).toMatch(/already used/);
    const revoked = await v.db.grant.findUniqueOrThrow({ where: { id: token.grantId }, include: { tokens: true } });
    expect(revoked.status).toBe("revoked");
    expect(revoked.tokens[0]!.revokedAt).not.toBeNull();
  });

  it("a wrong or missing verifier is invalid_grant and does not burn the code; an expired code is invalid_grant", async () => {
    const { id, pkce } = await startFlow();
    const code = new URL(await decideAndFollow(id, "approve")).searchParams.get("code")!;
    const redeem = (json: unknown) =>
      fetch(`${v.vault.url}/okap/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(json) });
    const other = await createPkce();
    for (const json of [
      { code, code_verifier: other.verifier },
      { code },
      { code, code_verifier: "short" },
      { code: "okc_nothing", code_verifier: pkce.verifier },
    ]) {
      const r = await redeem(json);
      expect(r.status, JSON.stringify(json)).toBe(400);
      okapError("invalid_grant").parse(await r.json());
    }
    expect(await v.db.token.count({ where: { grant: { request: { id } } } })).toBe(0);
    grantedB.parse(await client.redeemCode(code, pkce.verifier));

    const late = await startFlow();
    const lateCode = new URL(await decideAndFollow(late.id, "approve")).searchParams.get("code")!;
    await sleep(CODE_TTL_SECONDS * 1000 + 300);
    const expired = await redeem({ code: lateCode, code_verifier: late.pkce.verifier });
    expect(expired.status).toBe(400);
    expect(okapError("invalid_grant").parse(await expired.json()).error.message).toMatch(/expired/);
    expect(await v.db.token.count({ where: { grant: { request: { id: late.id } } } })).toBe(0);
  });

  it("sends a denial back as error=access_denied with the state, never a code", async () => {
    const { id } = await startFlow(REQUEST, "deny-state");
    const location = new URL(await decideAndFollow(id, "deny"));
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("deny-state");
    expect(location.searchParams.has("code")).toBe(false);
  });

  it("asks the owner to confirm a callback on another site than the app", async () => {
    const elsewhere = { ...REQUEST, client: { ...REQUEST.client, callback: "https://other.example.net/cb" } };
    const { id } = await startFlow(elsewhere);
    const page = await v.owner.visit(`/approve/${id}`);
    expect(page.text).toContain("The callback is on a different site");
    expect(page.text).toContain("https://other.example.net");
    const unconfirmed = await v.owner.request("POST", `/api/ui/requests/${id}/approve`, { json: {} });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.json().error.field).toBe("confirm_callback");
    const location = await decideAndFollow(id, "approve", { confirm_callback: true });
    expect(location.startsWith("https://other.example.net/cb?code=okc_")).toBe(true);
  });

  it("refuses bad callbacks and missing PKCE at request time with 400, never redirecting, storing nothing", async () => {
    const before = await v.db.accessRequest.count();
    const { challenge } = await createPkce();
    const b64 = (json: unknown) => Buffer.from(JSON.stringify(json)).toString("base64url");
    const cases: [string, string][] = [
      [
        `request=${b64({ ...REQUEST, client: { ...REQUEST.client, callback: "javascript:alert(1)" } })}&code_challenge=${challenge}&code_challenge_method=S256`,
        "invalid_callback",
      ],
      [
        `request=${b64({ ...REQUEST, client: { ...REQUEST.client, callback: "https://web.example.com/cb#x" } })}&code_challenge=${challenge}&code_challenge_method=S256`,
        "invalid_callback",
      ],
      [
        `request=${b64({ ...REQUEST, client: { name: "No callback", url: "https://web.example.com" } })}&code_challenge=${challenge}&code_challenge_method=S256`,
        "invalid_callback",
      ],
      [`request=${b64(REQUEST)}&code_challenge_method=S256`, "invalid_request"],
      [`request=${b64(REQUEST)}&code_challenge=${challenge}&code_challenge_method=plain`, "invalid_request"],
      [`request=${b64(REQUEST)}&code_challenge=${challenge}`, "invalid_request"],
      [`request=!!!&code_challenge=${challenge}&code_challenge_method=S256`, "invalid_request"],
      [`code_challenge=${challenge}&code_challenge_method=S256`, "invalid_request"],
    ];
    for (const [query, type] of cases) {
      const r = await fetch(`${v.vault.url}/okap/authorize?${query}`, { redirect: "manual" });
      expect(r.status, query.slice(0, 60)).toBe(400);
      expect(r.headers.get("location")).toBeNull();
      okapError(type).parse(await r.json());
    }
    expect(await v.db.accessRequest.count()).toBe(before);
  });
});
