/** The proxy's rejections in each provider's own envelope, over the one error core. */
import { describe, expect, it } from "vitest";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { adapterFor } from "@/lib/engines/providers/adapter-for";
import { proxyErrorResponse } from "@/lib/surfaces/proxy/proxy-error-response";

const body = (r: { body: unknown }) => JSON.parse(String(r.body));

describe("proxyErrorResponse", () => {
  it("OpenAI: the field at fault is OpenAI's `param`", () => {
    const refused = new VaultError("unsupported_parameter", "`plugins` is not available.", { field: "plugins" });
    const r = proxyErrorResponse(adapterFor("openrouter")!, refused, "pxr_1");
    expect(r.status).toBe(400);
    expect(r.headers).toMatchObject({ "content-type": "application/json", "cache-control": "no-store", "x-okap-request-id": "pxr_1" });
    expect(body(r)).toEqual({
      error: {
        message: "`plugins` is not available.",
        type: "unsupported_parameter",
        param: "plugins",
        code: "unsupported_parameter",
        request_id: "pxr_1",
      },
    });
    expect(body(proxyErrorResponse(adapterFor("openai")!, new VaultError("invalid_token", "bad"), "pxr_2")).error.param).toBeNull();
  });

  it("Anthropic: no field in its envelope; 402 and 503 headers from the core", () => {
    const broke = proxyErrorResponse(
      adapterFor("anthropic")!,
      new VaultError("budget_exceeded", "over the cap", { field: "max_tokens" }),
      "pxr_3",
    );
    expect(broke.status).toBe(402);
    expect(broke.headers["x-should-retry"]).toBe("false");
    expect(body(broke)).toEqual({ type: "error", error: { type: "budget_exceeded", message: "over the cap" }, request_id: "pxr_3" });
    const down = proxyErrorResponse(adapterFor("anthropic")!, new VaultError("vault_unavailable", "down"), "pxr_4");
    expect(down.headers["retry-after"]).toBe("5");
  });
});
