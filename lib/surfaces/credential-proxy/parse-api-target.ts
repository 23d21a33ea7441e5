/**
 * Where a credential-proxy call goes, from its two wire forms (docs/credential-proxy.md):
 * - path form: `/proxy/<host>[:<port>]/<path>?<query>` (the scheme comes from the destination);
 * - header form: `/proxy` with `X-AS-Target-URL: <full URL>`.
 * Refused with invalid_request: userinfo, other schemes, dot segments (plain or encoded), encoded
 * slashes or backslashes in the path, a host that is not a host.
 */
import { isIP } from "node:net";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { normalizeApiHost } from "@/lib/engines/okap/api-entry";

export type ApiTarget = {
  form: "path" | "header";
  /** null in the path form: decided by the credential's destination (https unless an exact http:// one). */
  scheme: "https" | "http" | null;
  /** Lower case; IPv6 without brackets. */
  host: string;
  /** null: the scheme's default. */
  port: number | null;
  /** `host` or `host:port`, as grants write hosts. */
  hostKey: string;
  /** Raw (still percent-encoded) path, starting with `/`. */
  path: string;
  /** Raw query without `?` ("" when none). */
  query: string;
};

const bad = (message: string) => new VaultError("invalid_request", message);

function checkPath(path: string): void {
  if (path.length > 8192) throw bad("The target path is too long.");
  if (path.includes("\\")) throw bad("The target path must not contain a backslash.");
  for (const segment of path.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw bad("The target path is not valid percent-encoding.");
    }
    if (decoded === "." || decoded === "..") throw bad("The target path must not contain . or .. segments.");
    if (decoded.includes("/") || decoded.includes("\\")) throw bad("The target path must not contain an encoded slash or backslash.");
  }
}

function splitHostKey(hostKey: string): { host: string; port: number | null } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostKey)!;
  return { host: m[1]!.replace(/^\[|\]$/g, ""), port: m[2] === undefined ? null : Number(m[2]) };
}

function fromPath(url: string): ApiTarget {
  const [pathPart, ...q] = url.split("?");
  const rest = pathPart!.slice("/proxy/".length);
  const slash = rest.indexOf("/");
  const hostText = slash === -1 ? rest : rest.slice(0, slash);
  const hostKey = normalizeApiHost(hostText);
  if (!hostKey || hostText.includes("@")) throw bad("The path form is /proxy/<host>[:<port>]/<path>: the first segment is not a host.");
  const path = slash === -1 ? "/" : rest.slice(slash);
  checkPath(path);
  return { form: "path", scheme: null, ...splitHostKey(hostKey), hostKey, path, query: q.join("?") };
}

function fromHeader(value: string): ApiTarget {
  if (value.length > 8192) throw bad("X-AS-Target-URL is too long.");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad("X-AS-Target-URL is not a URL.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw bad("X-AS-Target-URL must be an http:// or https:// URL.");
  if (url.username || url.password || /^[a-z]+:\/\/[^/]*@/i.test(value))
    throw bad("X-AS-Target-URL must not contain a user name or password.");
  if (url.hash) throw bad("X-AS-Target-URL must not contain a fragment.");
  const rawPath = value.replace(/^[a-z]+:\/\/[^/?#]*/i, "").split(/[?#]/, 1)[0] || "/";
  checkPath(rawPath);
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const hostKey = (isIP(host) === 6 ? `[${host}]` : host) + (url.port ? `:${url.port}` : "");
  if (!normalizeApiHost(hostKey)) throw bad("X-AS-Target-URL does not name a usable host.");
  return {
    form: "header",
    scheme: url.protocol === "https:" ? "https" : "http",
    host,
    port: url.port ? Number(url.port) : null,
    hostKey,
    path: url.pathname,
    query: url.search.slice(1),
  };
}

export function parseApiTarget(url: string, targetHeader: string | undefined): ApiTarget {
  const path = url.split("?", 1)[0]!;
  if (path === "/proxy" || path === "/proxy/") {
    if (!targetHeader) throw bad("Give the target as /proxy/<host>/<path> or in the X-AS-Target-URL header.");
    return fromHeader(targetHeader);
  }
  if (targetHeader) throw bad("Give the target either in the path or in X-AS-Target-URL, not both.");
  return fromPath(url);
}
