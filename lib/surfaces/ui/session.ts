/**
 * The signed-in user of the current request (pages, layouts and route handlers), or null: the
 * session cookie's token must belong to a live server-side session (lib/domain/auth/sessions).
 */
import { cookies } from "next/headers";
import { isSealed } from "@/lib/foundation/crypto/vault-keys";
import { db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { resolveSession, type ActiveSession, type SessionUser } from "@/lib/domain/auth/sessions/resolve-session";
import { sessionCookieName } from "@/lib/surfaces/ui/session-cookies";

export type { ActiveSession, SessionUser };

export async function currentSession(): Promise<ActiveSession | null> {
  if (isSealed()) return null;
  const token = (await cookies()).get(sessionCookieName())?.value;
  return resolveSession(db(), token);
}

export async function currentUser(): Promise<SessionUser | null> {
  return (await currentSession())?.user ?? null;
}

export async function currentSessionOrThrow(): Promise<ActiveSession> {
  const session = await currentSession();
  if (!session) throw new VaultError("not_signed_in", "Sign in to the vault first.");
  return session;
}

export async function currentUserOrThrow(): Promise<SessionUser> {
  return (await currentSessionOrThrow()).user;
}
