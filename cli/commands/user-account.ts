/** Account recovery for an owner with shell access: a new password, the second factor on or off. */
import { emailSchema } from "@/lib/domain/auth/password";
import { resetPassword } from "@/lib/domain/auth/reset-password";
import { disableTotpByEmail } from "@/lib/domain/auth/second-factor/disable-totp";
import { enableTotpByEmail } from "@/lib/domain/auth/second-factor/enable-totp-cli";
import type { Command } from "@/cli/command";
import { openCliContext } from "@/cli/context";
import { CliError, printJson, printLine, readSecretFromStdin } from "@/cli/io";

function emailOf(values: Record<string, string | boolean | undefined>): string {
  if (typeof values.email !== "string") throw new CliError("--email is required");
  const parsed = emailSchema.safeParse(values.email);
  if (!parsed.success) throw new CliError(`--email: ${parsed.error.issues[0]?.message ?? "not an email address"}`);
  return parsed.data;
}

export const userResetPassword: Command = {
  name: "user reset-password",
  usage: "user reset-password --email EMAIL --password-stdin [--json]",
  summary: "set a new password (read from stdin); every session of the account ends",
  options: { email: { type: "string" }, "password-stdin": { type: "boolean" }, json: { type: "boolean" } },
  async run({ values }) {
    const email = emailOf(values);
    if (!values["password-stdin"]) throw new CliError("pass --password-stdin and write the password to stdin (never as an argument)");
    const password = await readSecretFromStdin("New password");
    const ctx = await openCliContext();
    const result = await resetPassword(ctx.db, ctx.actor, { email, password });
    if (values.json) printJson(result);
    else printLine(`reset the password of ${result.email}; ended ${result.ended_sessions} session(s)`);
  },
};

export const userTotpEnable: Command = {
  name: "user 2fa enable",
  usage: "user 2fa enable --email EMAIL [--json]",
  summary: "turn on TOTP sign-in; prints the otpauth URL, the secret and ten recovery codes once",
  options: { email: { type: "string" }, json: { type: "boolean" } },
  async run({ values }) {
    const email = emailOf(values);
    const ctx = await openCliContext();
    const result = await enableTotpByEmail(ctx.db, ctx.actor, email);
    if (values.json) return printJson(result);
    printLine(`two-factor sign-in is on for ${email}. Add this to your authenticator app:`);
    printLine(`  ${result.otpauth_url}`);
    printLine(`  secret: ${result.secret}`);
    printLine("recovery codes (each works once; store them safely, they are not shown again):");
    for (const code of result.recovery_codes) printLine(`  ${code}`);
  },
};

export const userTotpDisable: Command = {
  name: "user 2fa disable",
  usage: "user 2fa disable --email EMAIL [--json]",
  summary: "turn off TOTP sign-in (and its recovery codes); every session of the account ends",
  options: { email: { type: "string" }, json: { type: "boolean" } },
  async run({ values }) {
    const email = emailOf(values);
    const ctx = await openCliContext();
    const result = await disableTotpByEmail(ctx.db, ctx.actor, email);
    if (values.json) printJson({ email, ...result });
    else printLine(`two-factor sign-in is off for ${email}; ended ${result.ended_sessions} session(s)`);
  },
};
