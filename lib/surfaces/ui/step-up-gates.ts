/** The step-up checks that depend on what is asked (see lib/domain/auth/step-up.ts). */
import { assertFreshProof, isWideGrant } from "@/lib/domain/auth/step-up";
import type { ApprovalGate } from "@/lib/domain/access-requests/record-approval";

/** A management key with write access (the operation validates the rest of the input). */
export function writesAnything(input: unknown): boolean {
  return (input as { scope?: unknown } | null)?.scope === "write";
}

/** Approving more than the vault's defaults (any model, a higher cap) needs a fresh proof. */
export function wideGrantNeedsFreshProof(session: { verifiedAt: Date }): ApprovalGate {
  return (approved, defaults) => {
    if (isWideGrant(approved, defaults)) assertFreshProof(session);
  };
}

/** Widening a grant (a limit raised or removed, a later expiry) needs a fresh proof, as a wide approval does. */
export function wideningNeedsFreshProof(session: { verifiedAt: Date }): () => void {
  return () => assertFreshProof(session);
}
