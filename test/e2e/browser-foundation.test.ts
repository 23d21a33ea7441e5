/**
 * The foundation in a real browser (Debian Chromium): first-run setup, adding and editing a key,
 * sign-out and sign-in, under the real CSP (no violations, hydration works), and framing refused.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowser, type Browser } from "@/test/support/browser";
import { startVault, ROOT, type VaultProcess } from "@/test/support/vault-server";

const SHOTS = path.join(ROOT, "test", ".tmp", "screenshots");

describe("foundation in Chromium", () => {
  let vault: VaultProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    vault = await startVault();
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await vault?.stop();
  });

  it("sets up the owner, adds, edits and deletes a key, signs out and back in", async () => {
    const { page } = browser;
    await page.goto(vault.url + "/");
    await page.waitForURL("**/setup");
    await page.getByLabel("Email").fill("browser@example.com");
    await page.getByLabel("Password", { exact: true }).fill("browser owner password");
    await page.getByLabel("Confirm password").fill("browser owner password");
    await page.getByRole("button", { name: "Create owner account" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    expect(await page.getByTestId("signed-in-as").textContent()).toBe("browser@example.com");

    await page.getByRole("link", { name: "Add a provider key" }).click();
    await page.getByRole("heading", { name: "Provider keys" }).waitFor();
    await page.getByLabel("Provider").selectOption("anthropic");
    await page.getByLabel("Label").fill("work");
    await page.getByLabel("API key").fill("sk-ant-browser-000000000000000000LAST");
    await page.getByRole("button", { name: "Save key" }).click();
    await page.getByText('Saved Anthropic key "work".').waitFor();
    const list = page.getByTestId("key-list");
    await list.getByText("••••LAST").waitFor();
    expect(await page.content()).not.toContain("sk-ant-browser");
    await page.screenshot({ path: path.join(SHOTS, "keys.png"), fullPage: true });

    // a duplicate label is refused with the server's message, nothing added
    await page.getByLabel("Provider").selectOption("anthropic");
    await page.getByLabel("Label").fill("work");
    await page.getByLabel("API key").fill("sk-ant-browser-111111111111111111XXXX");
    await page.getByRole("button", { name: "Save key" }).click();
    await page.getByText('A key labelled "work" already exists for Anthropic.').waitFor();
    expect(await list.locator("li").count()).toBe(1);

    await list.getByRole("button", { name: "Edit" }).click();
    await list.getByLabel("Label").fill("work-2026");
    await list.getByLabel("New key").fill("sk-ant-browser-222222222222222222NEW4");
    await list.getByRole("button", { name: "Save" }).click();
    await list.getByText("••••NEW4").waitFor();
    await list.getByText("work-2026").waitFor();

    await list.getByRole("button", { name: "Delete" }).click();
    await list.getByRole("button", { name: "Delete" }).click(); // confirm
    await page.getByText("No keys yet.", { exact: false }).waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");
    await page.goto(vault.url + "/settings");
    await page.waitForURL("**/login?callbackUrl=%2Fsettings");
    await page.getByLabel("Email").fill("browser@example.com");
    await page.getByLabel("Password").fill("wrong password!!");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Wrong email or password.").waitFor();
    await page.getByLabel("Password").fill("browser owner password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Upstream URLs" }).waitFor(); // back where we were going
    await page.screenshot({ path: path.join(SHOTS, "settings.png"), fullPage: true });

    // only the two refusals the test provoked: the duplicate label and the wrong password
    expect(browser.problems).toEqual(["HTTP 409 /api/ui/keys", "HTTP 401 /api/auth/sign-in"]);
  });

  it("refuses to render vault pages inside a frame", async () => {
    const frameHost = await browser.context.newPage();
    await frameHost.setContent(`<iframe id="f" src="${vault.url}/login" width="600" height="400"></iframe>`);
    await frameHost.waitForTimeout(1500);
    const frame = frameHost.frames().find((f) => f !== frameHost.mainFrame());
    const text = frame ? await frame.evaluate(() => document.body?.innerText ?? "").catch(() => "") : "";
    expect(text).not.toContain("Sign in");
    await frameHost.close();
  });
});
