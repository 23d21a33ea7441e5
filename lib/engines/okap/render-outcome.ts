/**
 * The bodies an app receives once its request is decided, in the dialect it spoke (docs/okap-protocol.md,
 * dialects A and B). Pure functions of the stored grant; the token plaintext comes in from the one
 * place that minted it and is never kept.
 */
import { microsToUsd } from "@/lib/foundation/money/micros";
import { scopeLimits, type ApprovedScope } from "@/lib/engines/okap/granted-scope";
import { OKAP_VERSION, type OkapDialect } from "@/lib/engines/okap/types";

export type GrantedScope = Omit<ApprovedScope, "provider" | "providerKeyId"> & { provider: string };
/** A granted api_access entry as the app sees it (credential names, never values). */
export type GrantedApiScope = {
  hosts: string[];
  wildcard: boolean;
  credentials: string[];
  methods: string[];
  pathPrefixes: string[];
  requestsPerMinute: number | null;
  requestsPerDay: number | null;
};
export type Delivered = { token: string; scopes: GrantedScope[]; apiScopes?: GrantedApiScope[]; expiresAt: Date; createdAt: Date };

/** The wire form of a granted api_access entry (dialect B answers, GET /okap/grant). */
export function apiAccessBody(scope: GrantedApiScope, publicUrl: string, expiresAt: Date): Record<string, unknown> {
  const limits: Record<string, number> = {};
  if (scope.requestsPerMinute !== null) limits.requests_per_minute = scope.requestsPerMinute;
  if (scope.requestsPerDay !== null) limits.requests_per_day = scope.requestsPerDay;
  return {
    type: "api_access",
    hosts: scope.wildcard ? ["*", ...scope.hosts] : scope.hosts,
    credentials: scope.credentials,
    methods: scope.methods,
    path_prefixes: scope.pathPrefixes,
    limits,
    proxy_url: `${publicUrl}/proxy`,
    expires: isoSeconds(expiresAt),
  };
}

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
    authorization_details: [
      ...d.scopes.map((scope) => ({
        type: "ai_model_access",
        provider: scope.provider,
        models: scope.models,
        capabilities: scope.capabilities,
        limits: wireLimits(scope),
        base_url: baseUrl(scope.provider),
        expires: isoSeconds(d.expiresAt),
      })),
      ...(d.apiScopes ?? []).map((scope) => apiAccessBody(scope, publicUrl, d.expiresAt)),
    ],
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

/** An on-demand host approval of a wildcard grant: no new token (the app keeps its own), retry the call. */
export function extensionGrantedBody(requestId: string, host: string, credentials: string[]): Record<string, unknown> {
  return {
    okap: OKAP_VERSION,
    status: "granted",
    request_id: requestId,
    authorization_details: [{ type: "api_access", hosts: [host], credentials }],
  };
}
