/**
 * The one error type of the vault. Every expected failure is a VaultError with a code from
 * ERROR_STATUS; describeError (describe-error.ts) turns any error into status, headers, code,
 * message and field, and each HTTP surface only wraps that in its own envelope. Anything else is an
 * unknown error: logged once, and answered with a generic 500 that echoes nothing.
 */

export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_json: 400,
  invalid_callback: 400,
  invalid_authorization_details: 400,
  invalid_grant: 400,
  invalid_poll_secret: 401,
  csrf_failed: 403,
  not_signed_in: 401,
  invalid_credentials: 401,
  second_factor_required: 401,
  invalid_second_factor: 401,
  step_up_required: 403,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  request_decided: 409,
  already_set_up: 409,
  key_in_use: 409,
  idempotency_error: 422,
  unprocessable: 422,
  request_expired: 410,
  request_abandoned: 410,
  already_claimed: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  provider_not_configured: 422,
  too_many_attempts: 429,
  rate_limited: 429,
  spend_contained: 429,
  internal_error: 500,
  vault_sealed: 503,
  vault_unavailable: 503,
  provider_key_unreadable: 503,
  // the metering proxy (/v1/<provider>/...), rendered in the provider's error envelope
  invalid_path: 400,
  unsupported_parameter: 400,
  invalid_token: 401,
  token_revoked: 401,
  token_expired: 401,
  budget_exceeded: 402,
  grant_paused: 403,
  provider_not_allowed: 403,
  capability_not_allowed: 403,
  model_not_allowed: 403,
  model_not_priced: 403,
  unknown_endpoint: 404,
  request_timeout: 408,
  upstream_auth_failed: 502,
  upstream_error: 502,
  upstream_timeout: 504,
  // the credential proxy (/proxy), rendered as {"error": code, "error_description": message, ...extra}
  insufficient_scope: 403,
  scope_refused: 403,
  permission_denied: 403,
  domain_not_allowed: 403,
  credential_not_found: 400,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const BRAND = Symbol.for("okap-vault.VaultError");

/** A value safe to show to the caller as it is: snake_case keys, no secret, no surface-specific shape. */
export type ErrorExtraValue = string | number | boolean | null | readonly string[];

export type VaultErrorOptions = {
  /** The input at fault, in the caller's own words (wire field name or dotted path, e.g. `scopes.0.id`). */
  field?: string;
  /** Seconds before a retry may succeed: rendered as the `retry-after` header, never in a body. */
  retryAfterSeconds?: number;
  /** Safe, snake_case, surface-agnostic extras rendered into the body (e.g. what blocks a delete). */
  extra?: Readonly<Record<string, ErrorExtraValue>>;
  /** What went wrong underneath: logged, never rendered. */
  cause?: unknown;
};

export class VaultError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly extra: Readonly<Record<string, ErrorExtraValue>> | undefined;

  constructor(code: ErrorCode, message: string, options: VaultErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "VaultError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.field = options.field;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.extra = options.extra;
    (this as unknown as Record<symbol, boolean>)[BRAND] = true;
  }
}

/** Works across the two bundled copies of lib/ (custom server and Next.js), unlike instanceof. */
export function isVaultError(error: unknown): error is VaultError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}
