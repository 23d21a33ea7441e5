/**
 * The account's protections in a real browser (Debian Chromium) under the real CSP: Settings ->
 * Account enrols TOTP (QR code, secret as text, a confirming code, recovery codes shown once), the
 * login page then asks for the code, a dangerous action after 10 minutes asks for the password in
 * place and goes ahead, and the sessions list shows this browser. Screenshots on desktop and phone.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/foundation/db/client";
import { openBrowser, type Browser } from "@/test/support/browser";
import { freshDatabaseUrl } from "@/test/support/databases";
import { startVault, ROOT, type VaultProcess } from "@/test/support/vault-server";
import { WebClient } from "@/test/support/web-client";

const SHOTS = path.join(ROOT, "test", ".tmp", "screenshots");
const OWNER = { email: "account@example.com", password: "account owner password" };
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

describe("account security in Chromium", () => {
  let vault: VaultProcess;
  let db: Db;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const databaseUrl = await freshDatabaseUrl("sqlite");
    vault = await startVault({ databaseUrl });
    db = createDb(databaseUrl);
    expect((await new WebClient(vault.url).setup(OWNER.email, OWNER.password)).status).toBe(201);
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await db?.$disconnect();
    await vault?.stop();
  });

  it("enrols TOTP in Settings, asks for the code at sign-in, and asks for a fresh proof in place", async () => {
    const { page } = browser;
    await page.setViewportSize(DESKTOP);
    await page.goto(vault.url + "/settings");
    await page.waitForURL("**/login?callbackUrl=%2Fsettings");
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Account" }).waitFor();
    const sessions = page.getByRole("list", { name: "Sessions" });
    await sessions.getByText("this browser").waitFor();
    await sessions
      .getByText(/Headless Chrome on Linux|Chrome on Linux/)
      .first()
      .waitFor();
    await page.screenshot({ path: path.join(SHOTS, "account-settings.png") });

    await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    const qr = page.getByAltText("QR code to scan with your authenticator app");
    await qr.waitFor();
    expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100); // the data: URL rendered under the CSP
    const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const totp = new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });
    await page.screenshot({ path: path.join(SHOTS, "account-totp-enrol.png") });
    await page.getByLabel("Code from the app").fill(totp.generate());
    await page.getByRole("button", { name: "Turn on" }).click();
    const codes = page.getByTestId("recovery-codes");
    await codes.waitFor();
    expect(await codes.locator("li").count()).toBe(10);
    await page.getByText("on", { exact: true }).waitFor();
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: path.join(SHOTS, "account-recovery-codes-phone.png") });
    await page.setViewportSize(DESKTOP);
    const recovery = (await codes.locator("li").first().textContent())!.trim();

    // sign out, and back in: the code is asked for after the password
    await page.getByRole("button", { name: "Sign out" }).first().click();
    await page.waitForURL("**/login");
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("Authentication code").waitFor();
    await page.screenshot({ path: path.join(SHOTS, "account-login-code.png") });
    await page.getByRole("button", { name: "Use a recovery code" }).click();
    await page.getByLabel("Recovery code").fill(recovery);
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();

    // ten minutes later (the session's last proof is moved back), adding a key asks for the password in place
    await db.userSession.updateMany({ data: { verifiedAt: new Date(Date.now() - 11 * 60_000) } });
    await page.goto(vault.url + "/keys");
    await page.getByLabel("Provider").selectOption("openai");
    await page.getByLabel("Label").fill("work");
    await page.getByLabel("API key").fill("sk-browser-step-up-000000000000LAST");
    await page.getByRole("button", { name: "Save key" }).click();
    const dialog = page.getByRole("dialog", { name: "Confirm it is you" });
    await dialog.waitFor();
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: path.join(SHOTS, "account-step-up-phone.png") });
    await page.setViewportSize(DESKTOP);
    await dialog.getByLabel("Your password").fill("not the password");
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await dialog.getByText("That password is wrong.").waitFor();
    await dialog.getByLabel("Your password").fill(OWNER.password);
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await page.getByText('Saved OpenAI key "work".').waitFor();
    expect(await dialog.count()).toBe(0);

    await page.goto(vault.url + "/settings");
    await page.getByRole("heading", { name: "Account" }).waitFor();
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: path.join(SHOTS, "account-settings-phone.png") });
    await page.setViewportSize(DESKTOP);
    await page.screenshot({ path: path.join(SHOTS, "account-settings-on.png"), fullPage: true });

    // only the refusals the test provoked
    expect(browser.problems).toEqual([
      "HTTP 401 /api/auth/sign-in", // the password was right: now the second factor
      "HTTP 403 /api/ui/keys", // step-up required
      "HTTP 401 /api/auth/step-up", // the wrong password in the dialog
    ]);
  });
});
