/**
 * Why a proxied request ended before its upstream did (the reasons, and the usage outcome each is
 * recorded as, are lib/domain/spend/request-ending.ts), and how each is told to a client still
 * listening (an error in the provider's format).
 */
import { VaultError, type ErrorCode } from "@/lib/foundation/errors/vault-error";
import type { StopReason } from "@/lib/domain/spend/request-ending";

export type { StopReason };

export class StopError extends Error {
  constructor(readonly reason: StopReason) {
    super(`request stopped: ${reason}`);
    this.name = "StopError";
  }
}

export const STOP_ERROR: Record<StopReason, { code: ErrorCode; message: string }> = {
  client_abort: { code: "upstream_error", message: "The client went away." },
  revoked: { code: "token_revoked", message: "The token was revoked; this request was stopped." },
  expired: { code: "token_expired", message: "The token expired; this request was stopped." },
  shutdown: { code: "vault_unavailable", message: "The vault is shutting down; this request was stopped. Retry it." },
  timeout: { code: "upstream_timeout", message: "The provider stopped sending data; the vault gave up waiting." },
  upstream_reset: { code: "upstream_error", message: "The provider closed the connection before the response was complete." },
};

/** The answer for a request stopped before anything was sent to its client. */
export function stopVaultError(reason: StopReason): VaultError {
  const { code, message } = STOP_ERROR[reason];
  return new VaultError(code, message);
}
