/**
 * The bodies an app receives once its request is decided, in the dialect it spoke (docs/okap-protocol.md,
 * dialects A and B). Pure functions of the stored grant; the token plaintext comes in from the one
 * place that minted it and is never kept.
 */
import { microsToUsd } from "@/lib/foundation/money/micros";
import { scopeLimits, type ApprovedScope } from "@/lib/engines/okap/granted-scope";
import { OKAP_VERSION, type OkapDialect } from "@/lib/engines/okap/types";

export type GrantedScope = Omit<ApprovedScope, "provider" | "providerKeyId"> & { provider: string };
export type Delivered = { token: string; scopes: GrantedScope[]; expiresAt: Date; createdAt: Date };

/** ISO 8601 in UTC without milliseconds: "2027-03-01T00:00:00Z". */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function wireLimits(scope: GrantedScope): Record<string, number> {
  const limits = scopeLimits(scope);
  return Object.fromEntries(Object.entries(limits).map(([k, v]) => [k, typeof v === "bigint" ? microsToUsd(v) : v]));
}

export function grantedBody(dialect: OkapDialect, d: Delivered, publicUrl: string): Record<string, unknown> {
  const baseUrl = (provider: string) => `${publicUrl}/v1/${provider}`;
  if (dialect === "a") {
    const scope = d.scopes[0]!;
    return {
      okap: OKAP_VERSION,
      approved: true,
      token: {
        token: d.token,
        base_url: baseUrl(scope.provider),
        provider: scope.provider,
        models: scope.models,
        capabilities: scope.capabilities,
        limits: wireLimits(scope),
        expires_at: isoSeconds(d.expiresAt),
        created_at: isoSeconds(d.createdAt),
      },
    };
  }
  return {
    okap: OKAP_VERSION,
    status: "granted",
    token: d.token,
    authorization_details: d.scopes.map((scope) => ({
      type: "ai_model_access",
      provider: scope.provider,
      models: scope.models,
      capabilities: scope.capabilities,
      limits: wireLimits(scope),
      base_url: baseUrl(scope.provider),
      expires: isoSeconds(d.expiresAt),
    })),
  };
}

export const DENIED_MESSAGE_A = "Access denied by user";
export const DENIED_MESSAGE_B = "User declined authorization request";

/** The owner's optional reason is their text to the app; it goes out as given (validated plain text). */
export function deniedBody(dialect: OkapDialect, reason: string | null): Record<string, unknown> {
  if (dialect === "a")
    return {
      okap: OKAP_VERSION,
      approved: false,
      error: reason ? `${DENIED_MESSAGE_A}: ${reason}` : DENIED_MESSAGE_A,
      error_code: "user_denied",
    };
  return { okap: OKAP_VERSION, status: "denied", reason: reason ?? DENIED_MESSAGE_B };
}

const EXPIRED_MESSAGE = "The request expired before the vault owner decided";

/** The app's request ended without a decision; when the vault stopped waiting, an "ask again" message says so. */
export function expiredBody(dialect: OkapDialect, message = EXPIRED_MESSAGE): Record<string, unknown> {
  if (dialect === "a") return { okap: OKAP_VERSION, approved: false, error: message, error_code: "request_expired" };
  return { okap: OKAP_VERSION, status: "expired", reason: message };
}
