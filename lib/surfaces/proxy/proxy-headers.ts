/**
 * Header allowlists in both directions. Upstream sees only the provider's allowlisted request
 * headers plus the injected master key: never the client's credentials (the adapter's token headers
 * are dropped even when an allowlist prefix would match them), cookies, Host,
 * X-Forwarded-*, org/project ids or hop-by-hop headers. The client sees only allowlisted response
 * headers (no Set-Cookie, no org/project ids, no Content-Encoding after decoding) plus
 * `cache-control: no-store` and `x-okap-request-id`.
 */
import type { Endpoint, ProviderAdapter } from "@/lib/engines/providers/types";

type Incoming = Readonly<Record<string, string | string[] | undefined>>;

function allowed(list: readonly string[], name: string): boolean {
  for (const entry of list) {
    if (entry.endsWith("*") ? name.startsWith(entry.slice(0, -1)) : name === entry) return true;
  }
  return false;
}

/**
 * `contentType`: the body is the vault's own re-serialization, sent as such whatever the client said
 * it sent (true: JSON; a string: that type, e.g. a form with its new boundary).
 */
export function upstreamRequestHeaders(
  adapter: ProviderAdapter,
  incoming: Incoming,
  secret: string,
  bodyLength: number | null,
  contentType: boolean | string = false,
  endpoint?: Endpoint,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || !allowed(adapter.requestHeaders, name) || adapter.tokenHeaders.includes(name)) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  if (contentType) out["content-type"] = contentType === true ? "application/json" : contentType;
  if (bodyLength !== null) out["content-length"] = String(bodyLength);
  out["accept-encoding"] = "identity";
  return Object.assign(out, adapter.authHeaders(secret, endpoint));
}

export function clientResponseHeaders(adapter: ProviderAdapter, upstream: Incoming, requestId: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (value === undefined || !allowed(adapter.responseHeaders, name)) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  out["cache-control"] = "no-store";
  out["x-okap-request-id"] = requestId;
  return out;
}
