/**
 * Browser sessions are opaque `okss_` tokens in an HttpOnly cookie; the database holds only their
 * keyed hash, so a copy of the database signs nobody in, and deleting the row ends the session on
 * every instance at once.
 */
import { keyedHash } from "@/lib/foundation/crypto/key-ring";
import { isWellFormedSecret, mintSecret } from "@/lib/foundation/crypto/secret-token";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
/** lastSeenAt is written at most this often per session. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

export function mintSessionToken(): string {
  return mintSecret("okss");
}

/** The stored form of a token, or null for a value that cannot be one (no database query then). */
export function sessionTokenHash(token: string | null | undefined): string | null {
  return isWellFormedSecret("okss", token) ? keyedHash(vaultKeys().sessionPepper, token) : null;
}
