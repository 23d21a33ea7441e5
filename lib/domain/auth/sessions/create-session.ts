import type { Tx } from "@/lib/foundation/db/client";
import { newId } from "@/lib/foundation/crypto/random";
import { mintSessionToken, sessionTokenHash, SESSION_MAX_AGE_SECONDS } from "@/lib/domain/auth/sessions/session-token";

export type NewSession = { id: string; token: string; expiresAt: Date };

/** Starts a session for a user who just proved who they are; the token is returned once, for the cookie. */
export async function createSession(
  tx: Tx,
  input: { userId: string; ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<NewSession> {
  const token = mintSessionToken();
  const expiresAt = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
  const id = newId("ses");
  await tx.userSession.deleteMany({ where: { userId: input.userId, expiresAt: { lte: now } } });
  await tx.userSession.create({
    data: {
      id,
      userId: input.userId,
      tokenHash: sessionTokenHash(token)!,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
      createdAt: now,
      lastSeenAt: now,
      verifiedAt: now,
      expiresAt,
    },
  });
  return { id, token, expiresAt };
}
