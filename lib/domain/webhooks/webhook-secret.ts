import { decrypt, encrypt } from "@/lib/foundation/crypto/aead";
import type { KeyRing } from "@/lib/foundation/crypto/key-ring";
import { randomBase62 } from "@/lib/foundation/crypto/random";

const aad = (webhookId: string) => `okap-vault/webhook-secret/v1:${webhookId}`;

export function newWebhookSecret(): string {
  return `whsec_${randomBase62(32)}`;
}

export function sealWebhookSecret(ring: KeyRing, webhookId: string, secret: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(encrypt(ring.webhookSecretCipher, Buffer.from(secret), aad(webhookId)));
}

export function openWebhookSecret(ring: KeyRing, webhookId: string, ciphertext: Uint8Array): string {
  return decrypt(ring.webhookSecretCipher, ciphertext, aad(webhookId)).toString("utf8");
}
