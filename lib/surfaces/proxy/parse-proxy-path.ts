/**
 * Splits "/v1/<provider>/<path>?<query>" and rejects every path that could leave the provider's
 * configured root: dot segments, any percent-encoding (so %2e, %2f, %5c, %252e never decode into
 * one), backslashes, empty segments ("//evil.com"), and ":" or "@" in the first segment
 * ("https://evil.com", "user@host"). Only the unreserved and sub-delimiter characters of RFC 3986
 * remain, which no URL parser rewrites.
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";

const SEGMENT = /^[A-Za-z0-9._~!$&'()*+,;=:@-]+$/;

export type ProxyPath = { provider: string; path: string; query: URLSearchParams };

export function parseProxyPath(url: string): ProxyPath {
  const q = url.indexOf("?");
  const rawPath = q === -1 ? url : url.slice(0, q);
  const query = new URLSearchParams(q === -1 ? "" : url.slice(q + 1));
  if (!rawPath.startsWith("/v1/")) throw new VaultError("invalid_path", "Proxy paths start with /v1/<provider>/.");
  const rest = rawPath.slice(4);
  const slash = rest.indexOf("/");
  const provider = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? "" : rest.slice(slash + 1);
  const segments = path.split("/");
  const bad = path === "" || segments.some((s) => s === "" || s === "." || s === ".." || !SEGMENT.test(s)) || /[:@]/.test(segments[0]!);
  if (bad) throw new VaultError("invalid_path", "This path is not allowed through the vault.");
  return { provider, path, query };
}

/**
 * The upstream URL for a checked relative path. Asserts that it still has the configured root's
 * origin and path prefix (a defence in depth behind parseProxyPath) and carries only allowed
 * query parameters.
 */
export function buildUpstreamUrl(root: string, path: string, query: URLSearchParams, allowed: readonly string[]): URL {
  const base = new URL(root.endsWith("/") ? root : `${root}/`);
  const url = new URL(path, base);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname) || url.username || url.password) {
    throw new VaultError("invalid_path", "This path is not allowed through the vault.");
  }
  url.search = "";
  for (const name of allowed) for (const value of query.getAll(name)) url.searchParams.append(name, value);
  return url;
}

/** The query without the parameters that may carry the client's token (`?key=`): they never go upstream. */
export function withoutTokenParams(query: URLSearchParams, tokenParams: readonly string[]): URLSearchParams {
  if (!tokenParams.some((name) => query.has(name))) return query;
  const rest = new URLSearchParams(query);
  for (const name of tokenParams) rest.delete(name);
  return rest;
}
