/**
 * Ten single-use recovery codes per enrolment, `xxxxx-xxxxx` from a 32-letter alphabet without
 * look-alikes (50 bits each). Only their keyed hashes are stored; a used code is marked, never reused.
 */
import { randomInt } from "node:crypto";
import type { Tx } from "@/lib/foundation/db/client";
import { keyedHash } from "@/lib/foundation/crypto/key-ring";
import { newId } from "@/lib/foundation/crypto/random";
import { vaultKeys } from "@/lib/foundation/crypto/vault-keys";

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no i, l, o, 0, 1

function oneCode(): string {
  let out = "";
  for (let i = 0; i < 10; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

/** What the owner typed, in the stored form's spelling (case, spaces and dashes do not matter). */
export function normalizeRecoveryCode(code: string): string {
  const letters = code.toLowerCase().replace(/[\s-]+/g, "");
  return letters.length === 10 ? `${letters.slice(0, 5)}-${letters.slice(5)}` : letters;
}

export function recoveryCodeHash(code: string): string {
  return keyedHash(vaultKeys().recoveryCodePepper, normalizeRecoveryCode(code));
}

/** Replaces the user's recovery codes with ten new ones; returns them (shown once). */
export async function issueRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  await tx.recoveryCode.deleteMany({ where: { userId } });
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, oneCode);
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ id: newId("rc"), userId, codeHash: recoveryCodeHash(code) })) });
  return codes;
}
