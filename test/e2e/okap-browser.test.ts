/**
 * The approval flow clicked in a real browser (Debian Chromium through playwright-core), on SQLite
 * and PostgreSQL: signed out -> login -> back to the same request, hostile text shown as text
 * (names, reasons, URLs), the owner lowers the cap and approves, the waiting app receives a token whose grant has
 * the lower cap; the inbox shows new requests live; the page cannot be framed; the redirect
 * flow reaches the app's callback through the browser (CSP form-action stays intact).
 */
import http from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPkce, OkapClient } from "@/packages/okap-client/src";
import { describeEachDatabase } from "@/test/support/databases";
import { grantedA, grantedB } from "@/test/support/okap-schemas";
import { OWNER, startOkapVault, type OkapVault } from "@/test/support/okap-vault";

const HOSTILE_NAME = "<img src=x onerror=alert(1)>";
const HOSTILE_REASON = "<script>alert(2)</script>\n✅ Verified by your vault\n**Trust me**";

describeEachDatabase("OKAP approval in Chromium on $kind", (kind) => {
  let v: OkapVault;
  let browser: BrowserContext;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    v = await startOkapVault(kind);
    browser = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), "okap-pw-")), {
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });
  afterAll(async () => {
    await browser?.close();
    expect(await v.leaks([])).toEqual([]);
    await v?.stop();
  });

  it("signs in, shows the request as text, lets the owner lower the cap, and the app gets a token with that cap", async () => {
    const app = new OkapClient({ vaultUrl: v.vault.url }).requestAccess({
      provider: "openai",
      models: ["gpt-4o", "gpt-4o-mini"],
      limits: { monthly_spend: 10 },
      app_name: HOSTILE_NAME,
      app_url: "https://app.example.com",
      reason: HOSTILE_REASON,
    });
    const id = await v.waitForPending();

    const response = await page.goto(`${v.vault.url}/approve/${id}`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(response!.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
    await page.fill('input[name="email"]', OWNER.email);
    await page.fill('input[name="password"]', OWNER.password);
    await page.click('button[type="submit"]');
    await page.waitForURL(`${v.vault.url}/approve/${id}`);
    expect((await v.db.accessRequest.findUniqueOrThrow({ where: { id } })).status).toBe("pending"); // no auto-approve on login

    expect(await page.textContent('[data-testid="client-name"]')).toBe(HOSTILE_NAME);
    expect(await page.locator("img[src='x']").count()).toBe(0);
    expect(await page.textContent('[data-testid="app-origin"]')).toBe("https://app.example.com");
    expect(await page.textContent('[data-testid="reason"]')).toBe(`“${HOSTILE_REASON}”`);
    expect(await page.locator("main strong:has-text('Trust me')").count()).toBe(0);
    expect(await page.getByText("unverified").count()).toBeGreaterThan(0);

    await page.fill('input[name="openai.monthly_spend"]', "2.5");
    await page.uncheck("text=gpt-4o-mini");
    await page.click('button:has-text("Approve")');
    await page.waitForSelector('[data-testid="decided"]');
    expect(await page.textContent('[data-testid="decided"]')).toContain("You approved this request.");

    const token = grantedA.parse({ okap: "1.0", approved: true, token: await app }).token;
    expect(token).toMatchObject({ models: ["gpt-4o"], limits: { monthly_spend: 2.5 } });
    const scope = await v.db.grantScope.findFirstOrThrow({ where: { grant: { tokens: { some: { hash: v.tokenHash(token.token) } } } } });
    expect(scope.monthlyCapMicros).toBe(2_500_000n);
    expect(dialogs).toEqual([]);
  });

  it("leaves one provider of a multi-provider request out: the app's token covers only the other", async () => {
    const app = new OkapClient({ vaultUrl: v.vault.url }).authorize({
      authorization_details: [
        { type: "ai_model_access", provider: "openai", models: ["gpt-4o-mini"], limits: { monthly_spend: 4 } },
        { type: "ai_model_access", provider: "anthropic", models: ["claude-sonnet-4-5"] },
      ],
      client: { name: "Two Providers App", url: "https://app.example.com" },
    });
    const id = await v.waitForPending();
    await page.goto(`${v.vault.url}/approve/${id}`);
    await page.uncheck('input[aria-label="Include Anthropic in the grant"]');
    expect(await page.textContent('[data-testid="scope-anthropic"]')).toContain("Left out");
    expect(await page.locator('[data-testid="scope-anthropic"] input[name="anthropic.monthly_spend"]').count()).toBe(0);
    await page.uncheck('input[aria-label="Include OpenAI in the grant"]');
    expect(await page.locator('button:has-text("Approve")').isDisabled()).toBe(true); // never an empty grant
    await page.check('input[aria-label="Include OpenAI in the grant"]');
    await page.click('button:has-text("Approve")');
    await page.waitForSelector('[data-testid="decided"]');

    const body = grantedB.parse(await app);
    expect(body.authorization_details.map((d) => d.provider)).toEqual(["openai"]);
    const scopes = await v.db.grantScope.findMany({ where: { grant: { tokens: { some: { hash: v.tokenHash(body.token) } } } } });
    expect(scopes.map((s) => [s.provider, s.monthlyCapMicros])).toEqual([["openai", 4_000_000n]]);
  });

  it("pauses and resumes an auto-approve policy from Settings", async () => {
    const created = await v.owner.request("POST", "/api/ui/policies", {
      json: {
        name: "Browser rule",
        client_origin: "https://rule.example.com",
        provider: "openai",
        models: [],
        max_monthly_spend: 3,
        max_expiry_days: 7,
      },
    });
    expect(created.status).toBe(201);
    const id = created.json().id as string;
    await page.goto(`${v.vault.url}/settings`);
    const row = page.locator(`[data-testid="policy-${id}"]`);
    await row.locator('button:has-text("Pause")').click();
    await row.locator('button:has-text("Resume")').waitFor();
    expect(await row.getByText("paused", { exact: true }).count()).toBe(1);
    expect((await v.db.autoApprovePolicy.findUniqueOrThrow({ where: { id } })).enabled).toBe(false);
    await row.locator('button:has-text("Resume")').click();
    await row.locator('button:has-text("Pause")').waitFor();
    expect((await v.db.autoApprovePolicy.findUniqueOrThrow({ where: { id } })).enabled).toBe(true);
    expect((await v.owner.request("DELETE", `/api/ui/policies/${id}`)).status).toBe(204);
  });

  it("shows new requests in the inbox and the count in the navigation without a reload", async () => {
    await page.goto(`${v.vault.url}/requests`);
    expect(await page.locator('[data-testid="pending-count"]').count()).toBe(0);
    const pending = await new OkapClient({ vaultUrl: v.vault.url }).requestAsync("b", {
      authorization_details: [{ type: "ai_model_access", provider: "anthropic" }],
      client: { name: "Live Inbox App" },
    });
    await page.waitForSelector(`[data-testid="request-${pending.request_id}"]`, { timeout: 10_000 });
    expect(await page.textContent('[data-testid="pending-count"]')).toBe("1");
    expect(await page.textContent(`[data-testid="request-${pending.request_id}"]`)).toContain("Live Inbox App");
    await page.click(`[data-testid="request-${pending.request_id}"] >> text=Review`);
    await page.waitForURL(`${v.vault.url}/approve/${pending.request_id}`);
    await page.fill('input[aria-label="Reason for denying"]', "not today");
    await page.click('button:has-text("Deny")');
    await page.waitForSelector('[data-testid="decided"]');
    expect((await v.db.accessRequest.findUniqueOrThrow({ where: { id: pending.request_id } })).decisionReason).toBe("not today");
  });

  it("refuses to be framed", async () => {
    const [id] = await v
      .pendingIds()
      .then(async (ids) =>
        ids.length ? ids : [(await new OkapClient({ vaultUrl: v.vault.url }).requestAsync("a", { provider: "openai" })).request_id],
      );
    const framer = await browser.newPage();
    await framer.setContent(`<iframe id="f" src="${v.vault.url}/approve/${id}"></iframe>`);
    await framer.waitForTimeout(1000);
    const frame = framer.frames().find((f) => f !== framer.mainFrame())!;
    expect(frame.url()).toBe("chrome-error://chromewebdata/"); // blocked by frame-ancestors / X-Frame-Options
    expect(await frame.locator("form, input").count()).toBe(0);
    await framer.close();
  });

  it("takes the browser from the approval page to the app's callback with a code the app redeems", async () => {
    const received: string[] = [];
    const callbackServer = http.createServer((req, res) => {
      received.push(req.url!);
      res.end("back at the app");
    });
    await new Promise<void>((r) => callbackServer.listen(0, "127.0.0.1", r));
    const port = (callbackServer.address() as { port: number }).port;
    try {
      const okap = new OkapClient({ vaultUrl: v.vault.url });
      const pkce = await createPkce();
      const url = okap.authorizeUrl(
        {
          authorization_details: [{ type: "ai_model_access", provider: "openai", limits: { monthly_spend: 4 } }],
          client: { name: "Local Web App", url: `http://127.0.0.1:${port}`, callback: `http://127.0.0.1:${port}/cb` },
        },
        { codeChallenge: pkce.challenge, state: "xyz" },
      );
      await page.goto(url);
      await page.waitForSelector('button:has-text("Approve")');
      await page.click('button:has-text("Approve")');
      await page.waitForURL(/\/cb\?/);
      expect(await page.textContent("body")).toContain("back at the app");
      const callback = new URL(`http://127.0.0.1${received.find((u) => u.startsWith("/cb?"))!}`);
      expect(callback.searchParams.get("state")).toBe("xyz");
      const body = grantedB.parse(await okap.redeemCode(callback.searchParams.get("code")!, pkce.verifier));
      expect(body.authorization_details[0]!.limits).toEqual({ monthly_spend: 4 });
    } finally {
      callbackServer.close();
    }
  });
});
