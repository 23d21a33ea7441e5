/**
 * Whether this process holds the vault's key ring ("unsealed") or not ("sealed"). Sealed is never a
 * fallback to plaintext: every use of a key answers 503 vault_sealed, pages show a banner.
 */
import type { KeyRing } from "@/lib/foundation/crypto/key-ring";
import { vaultSealedError } from "@/lib/foundation/errors/unavailable-errors";
import { peekSingleton, setSingleton } from "@/lib/foundation/runtime/singleton";

export type SealState =
  | { sealed: false; ring: KeyRing; source: "env" | "file" | "generated" }
  | { sealed: true; reason: string; detail?: Record<string, string> };

export function setSealState(state: SealState): void {
  setSingleton("seal-state", state);
}

export function sealState(): SealState {
  return peekSingleton<SealState>("seal-state") ?? { sealed: true, reason: "the vault has not been opened in this process" };
}

export function isSealed(): boolean {
  return sealState().sealed;
}

/** The key ring, or a 503 vault_sealed error. */
export function vaultKeys(): KeyRing {
  const state = sealState();
  if (state.sealed) throw vaultSealedError();
  return state.ring;
}
