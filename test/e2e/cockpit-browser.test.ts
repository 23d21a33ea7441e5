/**
 * The owner's cockpit in Debian Chromium, on the demo data of `npm run seed`: every page loads on a
 * desktop and on a phone-sized screen (content asserted, screenshots in test/.tmp/screenshots, no
 * console error or CSP violation, no sideways scrolling), and the grant flows work by clicking:
 * edit limits and expiry, pause, resume, revoke with confirmation; usage filters and the CSV export.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION_LABELS } from "@/components/audit/action-labels";
import { openBrowser, type Browser } from "@/test/support/browser";
import { SEED_OWNER, startVaultToSeed, type SeededVault } from "@/test/support/seeded-vault";
import { ROOT } from "@/test/support/vault-server";

const SHOTS = path.join(ROOT, "test", ".tmp", "screenshots");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

describe("the cockpit in Chromium", () => {
  let v: SeededVault;
  let browser: Browser;
  let page: Page;
  let notesId: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    v = await startVaultToSeed("sqlite");
    browser = await openBrowser();
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: v.vault.url });
    page = browser.page;
    await page.goto(`${v.vault.url}/login`);
    await page.getByLabel("Email").fill(SEED_OWNER.email);
    await page.getByLabel("Password").fill(SEED_OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await v?.stop();
  });

  async function visit(route: string, heading: string, shot: string) {
    for (const [size, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.goto(v.vault.url + route);
      await page.getByRole("heading", { name: heading, exact: true }).first().waitFor();
      await page.waitForLoadState("networkidle");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${route} scrolls sideways on a ${size} screen`).toBeLessThanOrEqual(1);
      await page.screenshot({ path: path.join(SHOTS, `cockpit-${shot}-${size}.png`), fullPage: true });
    }
    await page.setViewportSize(DESKTOP);
    await page.goto(v.vault.url + route);
    await page.getByRole("heading", { name: heading, exact: true }).first().waitFor();
  }

  it("tells a new owner what to do next, with snippets to copy", async () => {
    await visit("/", "Overview", "overview-empty");
    await page.getByRole("link", { name: "Add a provider key" }).waitFor();
    const connect = page.getByText("Connect your first app");
    await connect.waitFor();
    await page.getByRole("button", { name: "Copy: Use a token with the OpenAI SDK" }).click();
    await page.getByRole("button", { name: "Copy: Use a token with the OpenAI SDK" }).getByText("Copied").waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(`baseURL: "http://localhost:${v.vault.port}/v1/openai"`);
    expect(copied).toContain("new OpenAI(");
    expect(await page.getByText("const okap = new OkapClient").count()).toBe(1);

    v.seed();
    notesId = (await v.db.grant.findFirstOrThrow({ where: { clientName: "Notes Summarizer" } })).id;
  });

  it("shows the overview: spend by provider, model and app, the 30-day chart, caps, recent and pending requests", async () => {
    await visit("/", "Overview", "overview");
    const month = page.getByTestId("spend-month");
    await expect(month.textContent()).resolves.toMatch(/\$\d+\.\d\d/);
    const startOfMonth = new Date(new Date().toISOString().slice(0, 8) + "01T00:00:00Z");
    const topModels = await v.db.usageEvent.groupBy({
      by: ["model"],
      where: { createdAt: { gte: startOfMonth } },
      _sum: { costMicros: true },
      orderBy: { _sum: { costMicros: "desc" } },
      take: 3,
    });
    for (const text of ["OpenAI", "Anthropic", "Google Gemini", "Notes Summarizer", "Support Copilot", ...topModels.map((m) => m.model!)]) {
      expect(await month.textContent(), text).toContain(text);
    }
    expect(await page.getByTestId("day-bars").getAttribute("aria-label")).toMatch(/\$\d/);
    const near = page.getByTestId("near-cap").locator("li").first();
    expect(await near.textContent()).toMatch(/Notes Summarizer/);
    expect(Number(await near.getByRole("progressbar").getAttribute("aria-valuenow"))).toBeGreaterThanOrEqual(50);
    const pending = await page.getByTestId("overview-pending").textContent();
    expect(pending).toContain("Photo Captioner");
    expect(pending).toContain("Browser Extension");
    expect(await page.getByTestId("usage-table").locator("tbody tr").count()).toBe(8);
    expect(await page.content()).not.toContain("Connect your first app"); // a vault with grants
  });

  it("lists every grant with meters, limits, expiry and last use", async () => {
    await visit("/grants", "Grants", "grants");
    const list = page.getByTestId("grant-list");
    expect(await list.locator(":scope > li").count()).toBe(5);
    const text = (await list.textContent())!;
    for (const s of [
      "Notes Summarizer",
      "Support Copilot",
      "Research Agent",
      "Code Review CLI",
      "Old Prototype",
      "paused",
      "revoked",
      "60/min",
      "last used",
    ])
      expect(text, s).toContain(s);
    expect(await list.getByTestId("spend-meter").count()).toBeGreaterThanOrEqual(6);
    await page.getByRole("link", { name: "Paused" }).click();
    await page.waitForURL("**/grants?status=paused");
    expect(await page.getByTestId("grant-list").locator(":scope > li").count()).toBe(1);
  });

  it("shows a grant: access, token last 4, chart, a filterable and paginated request log", async () => {
    await visit(`/grants/${notesId}`, "Notes Summarizer", "grant");
    expect(await page.getByTestId("token-last4").textContent()).toMatch(/^okap_…[0-9A-Za-z]{4}$/);
    expect(await page.getByTestId("usage-table").locator("tbody tr").count()).toBe(25);
    expect(await page.getByText(/requests · page 1 of \d+/).textContent()).toMatch(/[\d,]+ requests/);
    await page.getByTestId("usage-filters").getByLabel("Model").selectOption("gpt-4o");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/model=gpt-4o&/);
    const models = await page.getByTestId("usage-table").locator("tbody tr td:nth-child(2) span.font-mono").allTextContents();
    expect(models.length).toBeGreaterThan(0);
    expect(new Set(models)).toEqual(new Set(["gpt-4o"]));
    await page.getByRole("link", { name: "Older →" }).click();
    await page.waitForURL(/page=2/);
    expect(page.url()).toContain("model=gpt-4o");
  });

  it("shows a contained entry in words on the grant's page, and its reset lets the app run requests side by side again", async () => {
    const event = await v.db.usageEvent.findFirstOrThrow({ where: { grantId: { not: notesId } } });
    const grant = await v.db.grant.findUniqueOrThrow({ where: { id: event.grantId } });
    const scope = await v.db.grantScope.findUniqueOrThrow({ where: { id: event.scopeId } });
    const month = `m:${new Date().toISOString().slice(0, 7)}`;
    await v.db.grantScope.update({
      where: { id: scope.id },
      data: { containedWindow: month, containedAt: new Date(), containedHoldId: event.id },
    });
    await visit(`/grants/${grant.id}`, grant.clientName, "grant-contained");
    const notice = page.getByTestId("containment-notice");
    await expect(notice.textContent()).resolves.toMatch(/one request at a time/i);
    await expect(notice.textContent()).resolves.toContain(event.id);
    await notice.getByRole("button", { name: /Reset/ }).click();
    await notice.waitFor({ state: "detached" });
    expect((await v.db.grantScope.findUniqueOrThrow({ where: { id: scope.id } })).containedWindow).toBeNull();
    expect(await v.db.auditEvent.count({ where: { action: "grant.containment_reset", targetId: grant.id } })).toBe(1);
  });

  it("edits limits and expiry, pauses, resumes and revokes (after a confirmation)", async () => {
    await page.goto(`${v.vault.url}/grants/${notesId}`);
    const form = page.getByTestId("grant-edit-form");
    await form.getByLabel("Monthly cap (USD)").fill("25");
    await form.getByLabel("Requests / day").fill("abc");
    await form.getByRole("button", { name: "Save changes" }).click();
    await form.getByText("requests_per_day must be a whole number").waitFor();
    await form.getByLabel("Requests / day").fill("5000");
    await form.getByLabel("Expires on (UTC)").fill("2030-01-31");
    await form.getByRole("button", { name: "Save changes" }).click();
    await form.getByText("Saved. The proxy applies the new limits within a second.").waitFor();
    const scope = await v.db.grantScope.findFirstOrThrow({ where: { grantId: notesId } });
    expect(scope.monthlyCapMicros).toBe(25_000_000n);
    expect(scope.requestsPerDay).toBe(5000);
    expect((await v.db.grant.findUniqueOrThrow({ where: { id: notesId } })).expiresAt.toISOString()).toBe("2030-01-31T00:00:00.000Z");
    await page.getByText("of $25.00").first().waitFor();

    const actions = page.getByTestId("grant-actions");
    await actions.getByRole("button", { name: "Pause" }).click();
    await actions.getByText("Paused: the app's requests are refused until you resume.").waitFor();
    await actions.getByRole("button", { name: "Resume" }).waitFor();
    expect((await v.db.grant.findUniqueOrThrow({ where: { id: notesId } })).status).toBe("paused");
    await actions.getByRole("button", { name: "Resume" }).click();
    await actions.getByRole("button", { name: "Pause" }).waitFor();
    expect((await v.db.grant.findUniqueOrThrow({ where: { id: notesId } })).status).toBe("active");

    await actions.getByRole("button", { name: "Revoke…" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Confirm revocation" });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    expect((await v.db.grant.findUniqueOrThrow({ where: { id: notesId } })).status).toBe("active");
    await actions.getByRole("button", { name: "Revoke…" }).click();
    await confirm.getByRole("button", { name: "Revoke grant" }).click();
    await page.getByTestId("token-last4").getByText("revoked").waitFor();
    expect(await page.getByTestId("grant-edit-form").count()).toBe(0);
    expect((await v.db.grant.findUniqueOrThrow({ where: { id: notesId } })).status).toBe("revoked");
    await page.screenshot({ path: path.join(SHOTS, "cockpit-grant-revoked-desktop.png"), fullPage: true });

    const audit = await v.db.auditEvent.findMany({ where: { targetId: notesId }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["grant.updated", "grant.paused", "grant.resumed", "grant.revoked"]);
    const changes = JSON.parse(audit[0]!.metadata).changes as string[];
    expect(changes).toContain("openai.requests_per_day: none -> 5000");
    expect(
      changes.some((c) => /^openai\.monthly_spend: \$[\d.]+ -> \$25$/.test(c)),
      changes.join("; "),
    ).toBe(true);
    expect(
      changes.some((c) => c.startsWith("expires_at: ") && c.endsWith(" -> 2030-01-31T00:00:00Z")),
      changes.join("; "),
    ).toBe(true);
  });

  it("filters usage, shows totals by token class and exports what it shows as CSV", async () => {
    await visit("/usage", "Usage", "usage");
    const all = Number((await page.getByTestId("total-requests").textContent())!.replace(/,/g, ""));
    expect(all).toBe(await v.db.usageEvent.count());
    await page.getByTestId("usage-filters").getByLabel("Provider").selectOption("anthropic");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/provider=anthropic/);
    const anthropic = Number((await page.getByTestId("total-requests").textContent())!.replace(/,/g, ""));
    expect(anthropic).toBe(await v.db.usageEvent.count({ where: { provider: "anthropic" } }));
    expect(await page.getByTestId("by-provider").textContent()).not.toContain("OpenAI");
    const csv = await page.request.get(
      await page
        .getByRole("link", { name: "Export CSV" })
        .getAttribute("href")
        .then((h) => v.vault.url + h!),
    );
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^created_at,id,app,grant_id,provider,model,/);
    expect(lines.length - 1).toBe(anthropic);
    expect(lines.slice(1).every((l) => l.split(",")[4] === "anthropic")).toBe(true);
  });

  it("renders hostile model names and app names as text", async () => {
    const grant = await v.db.grant.findFirstOrThrow({ where: { clientName: "Research Agent" } });
    const scope = await v.db.grantScope.findFirstOrThrow({ where: { grantId: grant.id } });
    await v.db.usageEvent.create({
      data: {
        id: "pxr_hostile0000000000000",
        userId: grant.userId,
        grantId: grant.id,
        scopeId: scope.id,
        provider: "google",
        model: `<img src=x onerror="document.title='pwned'">`,
        endpoint: "chat/completions",
        status: 200,
        outcome: "ok",
        latencyMs: 5,
      },
    });
    await page.goto(`${v.vault.url}/usage`);
    await page.getByTestId("usage-table").getByText(`<img src=x onerror="document.title='pwned'">`).waitFor();
    expect(await page.title()).not.toBe("pwned");
    expect(await page.locator("img[src=x]").count()).toBe(0);
  });

  it("loads the other pages cleanly, with no console error or CSP violation anywhere", async () => {
    await visit("/requests", "Requests", "requests");
    await visit("/audit", "Audit log", "audit");
    expect(await page.getByTestId("audit-table").textContent()).toContain("Grant paused");
    await page.selectOption('select[name="action"]', "grant.");
    await page.click('button:has-text("Filter")');
    await page.waitForURL(/\/audit\?action=grant\./);
    const events = await page.locator('[data-testid="audit-table"] tbody tr td:nth-child(2)').allTextContents();
    expect(events.length).toBeGreaterThan(0);
    const grantLabels = Object.entries(ACTION_LABELS)
      .filter(([action]) => action.startsWith("grant."))
      .map(([, label]) => label);
    expect(events.filter((e) => !grantLabels.includes(e))).toEqual([]); // only grant events
    expect(events).toContain("Grant paused");
    await page.click('a:has-text("Clear")');
    await page.waitForURL(/\/audit$/);
    await visit("/keys", "Provider keys", "keys");
    await visit("/settings", "Settings", "settings");
    await visit("/api-docs", "Management API", "api-docs");
    expect(await page.content()).toContain("/api/v1/grants/{id}/revoke");
    expect(browser.problems).toEqual(["HTTP 400 /api/ui/grants/" + notesId]); // the refused "abc" above
  });

  it("connects an app by hand: an error at its field, then the token once with snippets to copy", async () => {
    await visit("/grants", "Grants", "grants-connect");
    const form = page.getByTestId("connect-app-form");
    await form.getByLabel("App name").fill("Hand-made app");
    await form.getByLabel("Provider").selectOption("openai");
    await form.getByLabel("Models").fill("gpt-4o-mini");
    await form.getByLabel("Monthly cap (USD)").fill("0.5");
    await form.getByLabel("Daily cap (USD)").fill("abc");
    await form.getByRole("button", { name: "Create grant and token" }).click();
    const daily = form.getByLabel("Daily cap (USD)");
    await expect.poll(() => daily.getAttribute("aria-invalid")).toBe("true");
    expect(await form.textContent()).toMatch(/daily_spend must be a number of dollars/);
    expect(await v.db.grant.count({ where: { clientName: "Hand-made app" } })).toBe(0);

    await daily.fill("");
    await form.getByRole("button", { name: "Create grant and token" }).click();
    const result = page.getByTestId("connect-app-result");
    await result.waitFor();
    const token = (await result.locator("pre code").first().textContent())!;
    expect(token).toMatch(/^okap_[A-Za-z0-9]{36}$/);
    expect(await result.textContent()).toContain("/v1/openai");
    await page.screenshot({ path: path.join(SHOTS, "cockpit-grants-connected-desktop.png"), fullPage: true });
    await result.getByRole("button", { name: "Copy: Token (OKAP_TOKEN)" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    const grant = await v.db.grant.findFirstOrThrow({ where: { clientName: "Hand-made app" }, include: { scopes: true, tokens: true } });
    expect(grant).toMatchObject({ source: "manual" });
    expect(grant.scopes[0]).toMatchObject({ provider: "openai", models: JSON.stringify(["gpt-4o-mini"]), monthlyCapMicros: 500_000n });
    expect(grant.tokens).toHaveLength(1);
    expect(grant.tokens[0]!.last4).toBe(token.slice(-4));
    await result.getByRole("link", { name: "Open the grant" }).click();
    await page.getByRole("heading", { name: "Hand-made app" }).waitFor();
  });
});
