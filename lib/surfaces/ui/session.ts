/**
 * The signed-in user of the current request (pages, layouts and route handlers), or null. A session
 * whose account was deleted or whose session version was bumped is no session.
 */
import { getServerSession } from "next-auth/next";
import { authOptions } from "@/lib/surfaces/ui/auth-options";
import { isSealed } from "@/lib/foundation/crypto/vault-keys";
import { db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";

export type SessionUser = { id: string; email: string; role: "owner" | "member" };

export async function currentUser(): Promise<SessionUser | null> {
  if (isSealed()) return null;
  const session = (await getServerSession(authOptions())) as { uid?: unknown; sv?: unknown } | null;
  if (!session || typeof session.uid !== "string") return null;
  const user = await db().user.findUnique({ where: { id: session.uid } });
  if (!user || user.sessionVersion !== session.sv) return null;
  return { id: user.id, email: user.email, role: user.role === "owner" ? "owner" : "member" };
}

export async function currentUserOrThrow(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new VaultError("not_signed_in", "Sign in to the vault first.");
  return user;
}
