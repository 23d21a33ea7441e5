/** Typed failures of the OKAP client. `type` is the vault's error type or the dialect's error code. */
export class OkapError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "OkapError";
  }
}

/** The owner said no (user_denied / access_denied). */
export class OkapDeniedError extends OkapError {
  constructor(message: string, status = 200) {
    super("user_denied", message, status);
    this.name = "OkapDeniedError";
  }
}

/** Nobody decided before the request expired. */
export class OkapExpiredError extends OkapError {
  constructor(message: string, status = 200) {
    super("request_expired", message, status);
    this.name = "OkapExpiredError";
  }
}

/** No byte arrived within the read timeout. */
export class OkapTimeoutError extends OkapError {
  constructor(ms: number) {
    super("read_timeout", `The vault sent nothing for ${ms} ms.`, 0);
    this.name = "OkapTimeoutError";
  }
}

/** Turns any answer that is not a grant into the matching error. */
export function errorFromBody(status: number, body: unknown): OkapError {
  const b = (body ?? {}) as { approved?: boolean; error?: unknown; error_code?: string; status?: string; reason?: string };
  if (typeof b.error === "object" && b.error !== null) {
    const e = b.error as { type?: string; message?: string };
    return new OkapError(e.type ?? "error", e.message ?? `The vault answered ${status}.`, status);
  }
  const message = typeof b.error === "string" && b.approved === false ? b.error : (b.reason ?? `The vault answered ${status}.`);
  const code =
    b.error_code ??
    (b.status === "denied" ? "user_denied" : b.status === "expired" ? "request_expired" : typeof b.error === "string" ? b.error : "error");
  if (code === "user_denied" || code === "access_denied") return new OkapDeniedError(message, status);
  if (code === "request_expired" || code === "expired_token") return new OkapExpiredError(message, status);
  return new OkapError(code, message, status);
}
