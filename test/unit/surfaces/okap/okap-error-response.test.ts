/** Both OKAP dialects wrap the one error core: dialect A's flat body, dialect B's error object. */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { okapError } from "@/lib/surfaces/okap/okap-error-response";

let stderr: MockInstance;
beforeEach(() => {
  stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
});
afterEach(() => stderr.mockRestore());

describe("okapError", () => {
  it("dialect A: flat, with error_code limited to the SDK's enum", () => {
    const known = okapError("a", new VaultError("provider_not_configured", "no groq key", { extra: { providers: ["groq"] } }));
    expect(known.status).toBe(422);
    expect(known.body).toEqual({
      okap: "1.0",
      approved: false,
      error: "no groq key",
      error_code: "provider_not_configured",
      providers: ["groq"],
      request_id: expect.stringMatching(/^err_/),
    });
    const outside = okapError("a", new VaultError("invalid_callback", "client.callback is required", { field: "client.callback" }));
    expect(outside.body).toMatchObject({ error_code: "invalid_request", field: "client.callback" });
    expect(okapError("a", new VaultError("vault_sealed", "sealed")).body).toMatchObject({ error_code: "vault_sealed" });
  });

  it("dialect B: {okap, error: {type, message, field?, ...extra, request_id}} with the core's headers", () => {
    const d = okapError("b", new VaultError("rate_limited", "Too many requests are waiting", { retryAfterSeconds: 60 }));
    expect(d.status).toBe(429);
    expect(d.headers).toEqual({ "cache-control": "no-store", "retry-after": "60" });
    expect(d.body).toEqual({
      okap: "1.0",
      error: { type: "rate_limited", message: "Too many requests are waiting", request_id: expect.stringMatching(/^err_/) },
    });
  });

  it("an unknown error is the generic 500 under the reference that was logged", () => {
    const d = okapError("b", new TypeError("cannot read properties of undefined (reading 'pollSecret')"));
    const reference = (d.body.error as { request_id: string }).request_id;
    expect(d.status).toBe(500);
    expect(JSON.stringify(d.body)).not.toContain("pollSecret");
    const logged = stderr.mock.calls.map(([line]) => String(line)).join("");
    expect(logged).toContain(reference);
    expect(logged).toContain("pollSecret");
  });
});
