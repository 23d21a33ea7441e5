/**
 * A request's real status (a pending request past its expiry is expired before anyone writes it
 * down) and the error each late decision gets: 410 for expired or abandoned, 409 for decided.
 */
import { describe, expect, it } from "vitest";
import { assertStillPending, effectiveStatus, notPendingError } from "@/lib/domain/access-requests/request-status";

const NOW = new Date("2026-11-22T12:00:00Z");
const at = (ms: number) => new Date(NOW.getTime() + ms);

describe("effectiveStatus", () => {
  it("is expired for a pending request from its expiry on, pending before", () => {
    expect(effectiveStatus({ status: "pending", expiresAt: at(1) }, NOW)).toBe("pending");
    expect(effectiveStatus({ status: "pending", expiresAt: at(0) }, NOW)).toBe("expired");
    expect(effectiveStatus({ status: "pending", expiresAt: at(-60_000) }, NOW)).toBe("expired");
  });

  it("keeps a decision as it is, however late it is read", () => {
    for (const status of ["approved", "denied", "abandoned", "expired"]) {
      expect(effectiveStatus({ status, expiresAt: at(-86_400_000) }, NOW)).toBe(status);
    }
  });
});

describe("notPendingError", () => {
  it("answers an expired or unknown request with 410 request_expired", () => {
    for (const row of [{ status: "pending", expiresAt: at(-1) }, { status: "expired", expiresAt: at(-1) }, null]) {
      const error = notPendingError(row, NOW);
      expect([error.code, error.status]).toEqual(["request_expired", 410]);
      expect(error.message).toMatch(/ask again/);
    }
  });

  it("answers an abandoned request with 410 request_abandoned", () => {
    const error = notPendingError({ status: "abandoned", expiresAt: at(60_000) }, NOW);
    expect([error.code, error.status]).toEqual(["request_abandoned", 410]);
  });

  it("answers a decided request with 409 request_decided, naming the decision", () => {
    for (const status of ["approved", "denied"]) {
      const error = notPendingError({ status, expiresAt: at(60_000) }, NOW);
      expect([error.code, error.status, error.extra]).toEqual(["request_decided", 409, { status }]);
      expect(error.message).toContain(status);
    }
  });

  it("answers a request decided at the same moment elsewhere (still pending when read) with 409", () => {
    expect(notPendingError({ status: "pending", expiresAt: at(60_000) }, NOW).code).toBe("request_decided");
  });
});

describe("assertStillPending", () => {
  it("lets a pending request through and throws the fitting error otherwise", () => {
    expect(() => assertStillPending({ status: "pending", expiresAt: at(60_000) }, NOW)).not.toThrow();
    expect(() => assertStillPending({ status: "pending", expiresAt: at(-1) }, NOW)).toThrow(
      expect.objectContaining({ code: "request_expired" }),
    );
    expect(() => assertStillPending({ status: "denied", expiresAt: at(60_000) }, NOW)).toThrow(
      expect.objectContaining({ code: "request_decided" }),
    );
  });
});
