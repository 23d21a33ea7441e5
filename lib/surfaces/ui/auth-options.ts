/**
 * next-auth (v4) configuration: email + password (argon2id), JWT sessions signed with a key derived
 * from the vault's master key, attempts throttled per account and IP. A session carries the user id
 * and the account's session version; bumping the version signs every session of that user out.
 */
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { recordAuditEvent } from "@/lib/domain/audit/record-audit-event";
import { takeLoginAttempt, clearLoginAttempts } from "@/lib/domain/auth/login-throttle";
import { emailSchema, verifyPassword, PASSWORD_MAX } from "@/lib/domain/auth/password";
import { CLIENT_IP_HEADER } from "@/lib/foundation/http/client-ip";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import { db } from "@/lib/foundation/db/client";
import { env } from "@/lib/foundation/env";
import { isVaultError } from "@/lib/foundation/errors/vault-error";
import { log } from "@/lib/foundation/log";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

function header(headers: unknown, name: string): string | null {
  const value = (headers as Record<string, string | string[] | undefined> | undefined)?.[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

async function authorize(credentials: Record<string, string> | undefined, req: { headers?: unknown }) {
  const parsedEmail = emailSchema.safeParse(credentials?.email ?? "");
  const password = credentials?.password ?? "";
  if (!parsedEmail.success || password.length === 0 || password.length > PASSWORD_MAX) {
    throw new Error("Enter your email and password.");
  }
  const email = parsedEmail.data;
  const ip = header(req.headers, CLIENT_IP_HEADER);
  const userAgent = header(req.headers, "user-agent");
  try {
    await takeLoginAttempt(db(), email, ip);
  } catch (error) {
    if (isVaultError(error)) throw new Error(error.message);
    throw error;
  }
  const user = await db().user.findUnique({ where: { email } });
  const ok = await verifyPassword(user?.passwordHash ?? null, password);
  await db().$transaction(async (tx) => {
    await recordAuditEvent(
      tx,
      { type: "user", id: user?.id ?? null, ip, userAgent },
      {
        userId: user?.id ?? null,
        action: ok ? "auth.sign_in" : "auth.sign_in_failed",
        targetType: "user",
        targetId: user?.id,
        metadata: ok ? {} : { email },
      },
    );
  });
  if (!ok || !user) throw new Error("Wrong email or password.");
  await clearLoginAttempts(db(), email, ip);
  return { id: user.id, email: user.email, sessionVersion: user.sessionVersion };
}

/** Built per call: the signing secret exists only while the vault is unsealed. */
export function authOptions(): AuthOptions {
  const secure = env().publicUrl.startsWith("https://");
  return {
    secret: vaultKeys().sessionSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    useSecureCookies: secure,
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: authorize as never,
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sv = (user as unknown as { sessionVersion: number }).sessionVersion;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, uid: token.uid, sv: token.sv };
      },
    },
    logger: {
      error: (code) => log.error("next-auth", { code }),
      warn: () => undefined,
      debug: () => undefined,
    },
  };
}
