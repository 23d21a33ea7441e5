/** The one error core: every surface's status, headers, code, message and field come from here. */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { describeError, INTERNAL_ERROR_MESSAGE } from "@/lib/foundation/errors/describe-error";
import { jsonErrorBody, jsonErrorResponse } from "@/lib/foundation/errors/json-error-response";
import { vaultSealedError, vaultShuttingDownError } from "@/lib/foundation/errors/unavailable-errors";
import { ERROR_STATUS, VaultError } from "@/lib/foundation/errors/vault-error";
import { databaseDown, noteDatabaseOk } from "@/lib/foundation/db/database-health";

let stderr: MockInstance;
const logLines = () => stderr.mock.calls.map(([line]) => String(line)).filter((line) => line.startsWith("{"));

beforeEach(() => {
  stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
});
afterEach(() => {
  stderr.mockRestore();
});

describe("describeError", () => {
  it("gives every code its status, with cache-control: no-store and nothing else by default", () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      const d = describeError(new VaultError(code as keyof typeof ERROR_STATUS, "m"));
      expect(d.status, code).toBe(status);
      expect(d.code).toBe(code);
      expect(d.headers["cache-control"]).toBe("no-store");
    }
    expect(describeError(new VaultError("not_found", "No such grant."))).toEqual({
      status: 404,
      headers: { "cache-control": "no-store" },
      code: "not_found",
      message: "No such grant.",
      field: undefined,
      extra: {},
      requestId: undefined,
    });
  });

  it("turns retryAfterSeconds into the retry-after header (whole seconds), never into a body field", () => {
    const d = describeError(new VaultError("rate_limited", "slow down", { retryAfterSeconds: 12.2 }), "rid_1");
    expect(d.headers["retry-after"]).toBe("13");
    expect(JSON.stringify(jsonErrorBody(d))).not.toMatch(/retry/i);
  });

  it("defaults a 503 to retry-after 5, and the named 503s keep their own", () => {
    expect(describeError(new VaultError("vault_unavailable", "down")).headers["retry-after"]).toBe("5");
    expect(describeError(vaultSealedError())).toMatchObject({ status: 503, code: "vault_sealed", headers: { "retry-after": "30" } });
    expect(describeError(vaultShuttingDownError())).toMatchObject({
      status: 503,
      code: "vault_unavailable",
      headers: { "retry-after": "2" },
    });
  });

  it("tells SDKs not to retry a 402", () => {
    expect(describeError(new VaultError("budget_exceeded", "over")).headers).toEqual({
      "cache-control": "no-store",
      "x-should-retry": "false",
    });
  });

  it("carries the field and the extras, and an extra never overwrites the envelope's own keys", () => {
    const error = new VaultError("key_in_use", "in use", {
      field: "scopes.0.id",
      extra: { grants: 2, providers: ["openai"], type: "hijack", message: "hijack", request_id: "hijack" },
    });
    const d = describeError(error, "rid_2");
    expect(d).toMatchObject({ field: "scopes.0.id", extra: { grants: 2, providers: ["openai"] }, requestId: "rid_2" });
    expect(jsonErrorBody(d)).toEqual({
      error: { type: "key_in_use", message: "in use", field: "scopes.0.id", grants: 2, providers: ["openai"], request_id: "rid_2" },
    });
  });

  it("answers an unknown error with the one generic 500, logs it once under a reference, and echoes nothing", () => {
    const secret = new Error("unexpected state, see postgres://admin:hunter2@db");
    const first = describeError(secret);
    const again = describeError(secret, "rid_3");
    expect(first).toMatchObject({ status: 500, code: "internal_error", message: INTERNAL_ERROR_MESSAGE, field: undefined, extra: {} });
    expect(first.requestId).toMatch(/^err_[0-9A-Za-z]{20}$/);
    expect(again.requestId).toBe("rid_3");
    expect(JSON.stringify(jsonErrorBody(first))).not.toContain("hunter2");
    const lines = logLines();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "error", msg: "unhandled error", request_id: first.requestId });
    expect(lines[0]).toContain("unexpected state");
  });

  it("answers a database that cannot be reached with 503 vault_unavailable, and logs the outage once, not per answer", () => {
    noteDatabaseOk();
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const wrapped = new Error("\nInvalid `prisma.user.findFirst()` invocation:\n\n\ntimeout exceeded when trying to connect", {
      cause: refused,
    });
    for (const error of [refused, wrapped, refused]) {
      const d = describeError(error, "rid_5");
      expect(d).toMatchObject({ status: 503, code: "vault_unavailable", headers: { "retry-after": "5" } });
      expect(JSON.stringify(jsonErrorBody(d))).not.toContain("5432");
    }
    const lines = logLines();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "warn", reason: "connect ECONNREFUSED 127.0.0.1:5432" });
    expect(lines[0]).not.toContain("stack");
    expect(databaseDown()).toBe(true);
    noteDatabaseOk(); // "database reachable again", on stdout
    expect(databaseDown()).toBe(false);
  });

  it("logs a known error's cause once and never renders it", () => {
    const cause = new Error("the provider key could not be decrypted: tag mismatch");
    const error = new VaultError("vault_sealed", "The vault is sealed.", { retryAfterSeconds: 5, cause });
    expect(error.cause).toBe(cause);
    const d = describeError(error, "pxr_1");
    describeError(error, "pxr_1");
    expect(JSON.stringify(jsonErrorBody(d))).not.toContain("tag mismatch");
    const lines = logLines();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "warn", code: "vault_sealed", request_id: "pxr_1" });
    expect(lines[0]).toContain("tag mismatch");
  });

  it("logs nothing for a known error without a cause", () => {
    describeError(new VaultError("invalid_request", "email is required", { field: "email" }));
    expect(logLines()).toEqual([]);
  });
});

describe("jsonErrorResponse", () => {
  it("renders the JSON APIs' envelope with the core's status and headers", async () => {
    const response = jsonErrorResponse(new VaultError("too_many_attempts", "Try again in 2 minutes.", { retryAfterSeconds: 120 }), "rid_4");
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("120");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      error: { type: "too_many_attempts", message: "Try again in 2 minutes.", request_id: "rid_4" },
    });
  });
});
