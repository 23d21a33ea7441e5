/**
 * The credential proxy's pages in Chromium (SQLite): the owner stores a credential on "API
 * credentials", approves an api_access request picking the account and narrowing to read-only, and
 * approves a wildcard grant's new host on demand from the approval_url the app got; the same call
 * then succeeds and shows on the grant's page. Screenshots (desktop and phone) go to
 * $OKAP_SCREENSHOTS when set. No page scrolls sideways on a phone.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { claimRequestToken } from "@/lib/domain/access-requests/claim-request-token";
import { createAccessRequest } from "@/lib/domain/access-requests/create-access-request";
import { addCredential } from "@/lib/domain/credentials/add-credential";
import { parseDialectB } from "@/lib/engines/okap/parse-dialect-b";
import { ApiUpstream } from "@/test/support/api-upstream";
import { openBrowser, type Browser } from "@/test/support/browser";
import { freshDatabaseUrl } from "@/test/support/databases";
import { GrantFactory, newSecretKey, OWNER_PASSWORD } from "@/test/support/grants";
import { startVault, type VaultProcess } from "@/test/support/vault-server";
import { waitFor } from "@/test/support/wait-for";

const SHOTS = process.env.OKAP_SCREENSHOTS;
const cli = { type: "cli" as const };
const app = { type: "app" as const, ip: "127.0.0.1", userAgent: "test" };

let vault: VaultProcess;
let grants: GrantFactory;
let api: ApiUpstream;
let b: Browser;
let userId: string;

async function shoot(name: string): Promise<void> {
  for (const [label, size] of [
    ["desktop", { width: 1366, height: 900 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await b.page.setViewportSize(size);
    const overflow = await b.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} scrolls sideways on ${label}`).toBeLessThanOrEqual(0);
    if (SHOTS) await b.page.screenshot({ path: path.join(SHOTS, `${name}-${label}.png`), fullPage: true });
  }
  await b.page.setViewportSize({ width: 1366, height: 900 });
}

function proxyCall(pathAndQuery: string, token: string): Promise<Response> {
  return fetch(`${vault.url}${pathAndQuery}`, {
    headers: { "x-proxy-authorization": `Bearer ${token}`, authorization: "Bearer {{GITHUB_TOKEN}}" },
    redirect: "manual",
  });
}

beforeAll(async () => {
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  api = await ApiUpstream.start();
  const databaseUrl = await freshDatabaseUrl("sqlite");
  const secret = newSecretKey();
  vault = await startVault({ databaseUrl, env: { VAULT_SECRET_KEY: secret } });
  grants = new GrantFactory(databaseUrl, secret);
  userId = (await grants.create([{ provider: "openai" }])).userId;
  await addCredential(grants.db, cli, userId, {
    name: "GITHUB_TOKEN",
    kind: "api_key",
    destinations: [api.origin],
    account: "personal",
    value: "ghp_personal_0123456789abcdef",
  });
  b = await openBrowser();
  await b.page.goto(`${vault.url}/login`);
  await b.page.fill('input[name="email"]', grants.ownerEmail);
  await b.page.fill('input[name="password"]', OWNER_PASSWORD);
  await b.page.click('button[type="submit"]');
  await b.page.waitForURL(`${vault.url}/`);
}, 120_000);

afterAll(async () => {
  await b?.close();
  await vault?.stop();
  await grants?.close();
  await api?.close();
});

it("stores a credential on the API credentials page; the value is never shown again", async () => {
  await b.page.goto(`${vault.url}/credentials`);
  await b.page.fill('input[name="name"]', "GITHUB_TOKEN");
  await b.page.fill('input[name="destinations"]', `${api.origin}, api.github.com`);
  await b.page.fill('input[name="account"]', "work");
  await b.page.fill('input[name="value"]', "ghp_work_CANARY0123456789abcd");
  await b.page.click('button:has-text("Save credential")');
  await b.page.waitForSelector("text=Saved GITHUB_TOKEN (work).");
  await b.page.waitForSelector('[data-testid="credential-list"] li:has-text("work")'); // the list refreshes after the notice
  const list = await b.page.textContent('[data-testid="credential-list"]');
  expect(list).toContain("work");
  expect(list).toContain("https://api.github.com");
  expect(list).not.toContain("CANARY");
  expect(await b.page.content()).not.toContain("ghp_work_CANARY");
  await shoot("credentials");
});

it("approves an api_access request with the account the owner picks, narrowed to read-only", async () => {
  const created = await createAccessRequest(grants.db, app, {
    request: parseDialectB({
      okap: "1.0",
      authorization_details: [
        {
          type: "api_access",
          hosts: [api.host],
          credentials: ["GITHUB_TOKEN"],
          limits: { requests_per_minute: 60 },
          reason: "Triage issues",
        },
        { type: "ai_model_access", provider: "openai", models: ["gpt-4o-mini"] },
      ],
      client: { name: "Issue bot", url: "https://bot.example.com" },
    }),
    delivery: "async",
  });
  await b.page.goto(`${vault.url}/approve/${created.id}`);
  expect(await b.page.textContent('[data-testid="api-hosts"]')).toContain(api.host);
  await b.page.selectOption('select[aria-label="GITHUB_TOKEN account"]', { label: "work (…abcd)" });
  await b.page.click('button:has-text("read-only")');
  await shoot("approve-api");
  await b.page.click('button:has-text("Approve")');
  await b.page.waitForSelector('[data-testid="decided"]');
  const delivered = (await claimRequestToken(grants.db, app, created.id))!;
  expect(delivered.apiScopes?.[0]).toMatchObject({
    methods: ["GET", "HEAD", "OPTIONS"],
    credentials: ["GITHUB_TOKEN"],
    requestsPerMinute: 60,
  });
  const res = await proxyCall(`/proxy/${api.host}/repos/acme/widgets/issues`, delivered.token);
  expect(res.status).toBe(200);
  expect(api.received.at(-1)!.headers.authorization).toBe("Bearer ghp_work_CANARY0123456789abcd");
});

it("approves a wildcard grant's new host on demand from the approval_url; the same call then succeeds and shows on the grant page", async () => {
  const created = await createAccessRequest(grants.db, app, {
    request: parseDialectB({ okap: "1.0", authorization_details: [{ type: "api_access", hosts: ["*"] }], client: { name: "Agent" } }),
    delivery: "async",
  });
  await b.page.goto(`${vault.url}/approve/${created.id}`);
  expect(await b.page.textContent('[data-testid="wildcard-hosts"]')).toContain("Any host");
  await b.page.click('button:has-text("Approve")');
  await b.page.waitForSelector('[data-testid="decided"]');
  const delivered = (await claimRequestToken(grants.db, app, created.id))!;
  const first = await proxyCall(`/proxy/${api.host}/repos/acme/widgets/issues`, delivered.token);
  expect(first.status).toBe(403);
  const ask = (await first.json()) as { error: string; approval_url: string; request_id: string };
  expect(ask.error).toBe("insufficient_scope");
  await b.page.goto(`${vault.url}${new URL(ask.approval_url).pathname}`);
  expect(await b.page.textContent("main")).toContain("One more host");
  await shoot("approve-host");
  await b.page.click('button:has-text("Approve")');
  await b.page.waitForSelector('[data-testid="decided"]');
  const ok = await waitFor(
    async () => {
      const res = await proxyCall(`/proxy/${api.host}/repos/acme/widgets/issues`, delivered.token);
      return res.status === 200 ? res : null;
    },
    5_000,
    "the approved host",
  );
  expect(await ok.json()).toHaveLength(1);
  const grantId = (await grants.db.accessRequest.findUniqueOrThrow({ where: { id: created.id } })).grantId!;
  await b.page.goto(`${vault.url}/grants/${grantId}`);
  const calls = await b.page.textContent('[data-testid="api-calls"]');
  expect(calls).toContain("insufficient_scope");
  expect(calls).toContain("/repos/acme/widgets/issues");
  expect(calls).not.toContain("ghp_");
  await shoot("grant-calls");
  expect(b.problems.filter((p) => !/HTTP 40[13]/.test(p))).toEqual([]);
});
