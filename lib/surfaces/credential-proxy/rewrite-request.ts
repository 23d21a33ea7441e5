/**
 * What the upstream receives: the caller's headers without the vault's own (`X-Proxy-*`, `X-AS-*`),
 * hop-by-hop ones or an encoding the vault could not scan, with `{{NAME}}` templates resolved in
 * header values, query values and textual bodies, and the header form's `X-AS-Inject-*` injections.
 */
import type { IncomingHttpHeaders } from "node:http";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { mapJsonStrings, resolveTemplates, setJsonPath, templateNames } from "@/lib/engines/credentials/templates";

export type InjectionStyle = "bearer" | "basic" | "header" | "query" | "body" | "form";
export type Injection = { style: InjectionStyle; target: string; name: string };
export type BodyKind = "json" | "form" | "text" | "opaque";

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "proxy-authorization",
  "proxy-authenticate",
  "host",
  "content-length",
  "accept-encoding",
  "x-okap-client-ip",
]);

const NAME = /^[A-Z][A-Z0-9_]{1,63}$/;

export function bodyKind(contentType: string | undefined): BodyKind {
  const type = (contentType ?? "").split(";", 1)[0]!.trim().toLowerCase();
  if (type === "application/json" || type.endsWith("+json")) return "json";
  if (type === "application/x-www-form-urlencoded") return "form";
  if (type.startsWith("text/")) return "text";
  return "opaque";
}

/** The `X-AS-Inject-*` headers (names arrive lower-cased: Node lower-cases header names). */
export function readInjections(headers: IncomingHttpHeaders): Injection[] {
  const out: Injection[] = [];
  for (const [key, raw] of Object.entries(headers)) {
    if (!key.startsWith("x-as-inject-")) continue;
    const name = String(Array.isArray(raw) ? raw[0] : raw).trim();
    if (!NAME.test(name)) throw new VaultError("invalid_request", `${key} must name a credential (e.g. GITHUB_TOKEN).`);
    const rest = key.slice("x-as-inject-".length);
    const [style, ...target] = rest.split("-");
    const t = target.join("-");
    if ((style === "bearer" || style === "basic") && t === "") out.push({ style, target: "", name });
    else if ((style === "header" || style === "query" || style === "body" || style === "form") && t !== "")
      out.push({ style, target: t, name });
    else throw new VaultError("invalid_request", `Unknown injection header ${key}.`);
  }
  return out;
}

function queryPairs(query: string): { key: string; raw: string | null; value: string | null }[] {
  if (query === "") return [];
  return query.split("&").map((pair) => {
    const eq = pair.indexOf("=");
    const key = eq === -1 ? pair : pair.slice(0, eq);
    const raw = eq === -1 ? null : pair.slice(eq + 1);
    let value: string | null = null;
    try {
      value = raw === null ? null : decodeURIComponent(raw.replace(/\+/g, " "));
    } catch {
      value = null;
    }
    return { key, raw, value };
  });
}

function isProxyHeader(key: string): boolean {
  return key.startsWith("x-proxy-") || key.startsWith("x-as-");
}

/** Every credential name the call refers to, by template or injection. */
export function namesUsed(headers: IncomingHttpHeaders, query: string, body: string | null, injections: Injection[]): Set<string> {
  const names = new Set(injections.map((i) => i.name));
  for (const [key, value] of Object.entries(headers)) {
    if (isProxyHeader(key) || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) for (const n of templateNames(v)) names.add(n);
  }
  for (const p of queryPairs(query)) if (p.value) for (const n of templateNames(p.value)) names.add(n);
  if (body) for (const n of templateNames(body)) names.add(n);
  return names;
}

function resolveQuery(query: string, valueOf: (n: string) => string, inject: Injection[], injected: (i: Injection) => string): string {
  const pairs = queryPairs(query).map((p) =>
    p.value !== null && templateNames(p.value).length
      ? `${p.key}=${encodeURIComponent(resolveTemplates(p.value, valueOf))}`
      : p.raw === null
        ? p.key
        : `${p.key}=${p.raw}`,
  );
  for (const i of inject) pairs.push(`${encodeURIComponent(i.target)}=${encodeURIComponent(injected(i))}`);
  return pairs.join("&");
}

function resolveBody(
  kind: BodyKind,
  text: string,
  valueOf: (n: string) => string,
  inject: Injection[],
  injected: (i: Injection) => string,
) {
  const jsonInject = inject.filter((i) => i.style === "body");
  const formInject = inject.filter((i) => i.style === "form");
  if (jsonInject.length && kind !== "json" && text !== "") throw new VaultError("invalid_request", "X-AS-Inject-Body-* needs a JSON body.");
  if (formInject.length && kind !== "form" && text !== "") throw new VaultError("invalid_request", "X-AS-Inject-Form-* needs a form body.");
  if (kind === "json" || (jsonInject.length && text === "")) {
    let value: unknown;
    try {
      value = text === "" ? {} : JSON.parse(text);
    } catch {
      if (jsonInject.length) throw new VaultError("invalid_request", "The JSON body does not parse.");
      return resolveTemplates(text, valueOf);
    }
    value = mapJsonStrings(value, (s) => resolveTemplates(s, valueOf));
    if (jsonInject.length) {
      if (value === null || typeof value !== "object" || Array.isArray(value))
        throw new VaultError("invalid_request", "X-AS-Inject-Body-* needs a JSON object body.");
      for (const i of jsonInject) setJsonPath(value as Record<string, unknown>, i.target, injected(i));
    }
    return JSON.stringify(value);
  }
  if (kind === "form" || formInject.length) return resolveQuery(text, valueOf, formInject, injected);
  return resolveTemplates(text, valueOf);
}

export type Rewritten = { headers: Record<string, string | string[]>; query: string; body: Buffer | null };

export function rewriteRequest(input: {
  headers: IncomingHttpHeaders;
  query: string;
  body: Buffer | null;
  kind: BodyKind;
  injections: Injection[];
  valueOf: (name: string) => string;
  injectedValue: (i: Injection) => string;
}): Rewritten {
  const { valueOf, injections, injectedValue } = input;
  const connectionListed = new Set(
    String(input.headers.connection ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
  const headers: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(input.headers)) {
    if (value === undefined || HOP_BY_HOP.has(key) || connectionListed.has(key) || isProxyHeader(key)) continue;
    headers[key] = Array.isArray(value) ? value.map((v) => resolveTemplates(v, valueOf)) : resolveTemplates(value, valueOf);
  }
  headers["accept-encoding"] = "identity"; // the answer is scanned for echoes of the secrets
  for (const i of injections) {
    if (i.style === "bearer") headers.authorization = `Bearer ${injectedValue(i)}`;
    else if (i.style === "basic") headers.authorization = `Basic ${injectedValue(i)}`;
    else if (i.style === "header") headers[i.target] = injectedValue(i);
  }
  const query = resolveQuery(
    input.query,
    valueOf,
    injections.filter((i) => i.style === "query"),
    injectedValue,
  );
  let body = input.body;
  if (body !== null || injections.some((i) => i.style === "body" || i.style === "form")) {
    const text = body?.toString("utf8") ?? "";
    if (input.kind !== "opaque" || injections.some((i) => i.style === "body" || i.style === "form")) {
      body = Buffer.from(resolveBody(input.kind, text, valueOf, injections, injectedValue), "utf8");
      if (!headers["content-type"] && injections.some((i) => i.style === "body")) headers["content-type"] = "application/json";
      if (!headers["content-type"] && injections.some((i) => i.style === "form"))
        headers["content-type"] = "application/x-www-form-urlencoded";
    }
  }
  return { headers, query, body };
}
