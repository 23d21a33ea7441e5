/**
 * Sends the rewritten call upstream and relays the answer. Never follows a redirect (a 3xx goes back
 * with its Location redacted). Bodies stream both ways with backpressure; the answer is decoded
 * when the upstream compressed it anyway, and every echo of an injected value is replaced by
 * [REDACTED]: a body with a known length up to 8 MiB is scanned before the headers go out (then
 * `x-vault-redacted: true` says so), a longer or chunked one through a streaming redactor.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import { env } from "@/lib/foundation/env";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { isPrivateAddress } from "@/lib/foundation/http/private-address";
import { Redactor, redactBuffer, redactText } from "@/lib/engines/credentials/redaction";
import type { TargetOrigin } from "@/lib/engines/credentials/destinations";
import { upstreamAgents } from "@/lib/surfaces/credential-proxy/upstream-agents";

export const SCAN_FIRST_LIMIT = 8 * 1024 * 1024;

const DROPPED_RESPONSE = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "set-cookie",
  "content-length",
  "content-encoding",
  "proxy-authenticate",
]);

export type Outbound = {
  origin: TargetOrigin;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | string[]>;
  /** A buffer (rewritten body), a stream (opaque body passed through) or nothing. */
  body: Buffer | Readable | null;
  allowPrivate: boolean;
  needles: string[];
  signal: AbortSignal;
};

export type Relayed = { status: number; bytesIn: number; bytesOut: number; redacted: boolean };

function openUpstream(o: Outbound): Promise<{ upstream: IncomingMessage; sent: () => number }> {
  const host = o.origin.host;
  if (isIP(host) && !o.allowPrivate && isPrivateAddress(host))
    throw new VaultError("domain_not_allowed", `${host} is a private address: only a destination that names it exactly reaches it.`, {
      extra: { domain: host },
    });
  const agents = upstreamAgents(o.allowPrivate);
  const client = o.origin.scheme === "https" ? https : http;
  let sent = 0;
  return new Promise((resolve, reject) => {
    const req = client.request({
      host,
      port: o.origin.port,
      method: o.method,
      path: `${o.path}${o.query ? `?${o.query}` : ""}`,
      headers: o.headers,
      agent: o.origin.scheme === "https" ? agents.https : agents.http,
      servername: isIP(host) ? undefined : host,
      signal: o.signal,
    });
    const timer = setTimeout(
      () => req.destroy(Object.assign(new Error("upstream timeout"), { code: "ETIMEDOUT" })),
      env().upstreamTimeoutMs,
    );
    req.on("response", (upstream) => {
      clearTimeout(timer);
      resolve({ upstream, sent: () => sent });
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === "EPRIVATE")
        return reject(
          new VaultError("domain_not_allowed", `${host} resolves to a private address; the vault refuses to send a secret there.`, {
            extra: { domain: host },
          }),
        );
      if (error.code === "ETIMEDOUT")
        return reject(new VaultError("upstream_timeout", `${host} did not answer in time.`, { cause: error }));
      reject(new VaultError("upstream_error", `The call to ${host} failed (${error.code ?? "connection error"}).`, { cause: error }));
    });
    if (o.body === null) req.end();
    else if (Buffer.isBuffer(o.body)) {
      sent = o.body.length;
      req.end(o.body);
    } else {
      o.body.on("data", (chunk: Buffer) => (sent += chunk.length));
      o.body.on("error", (error) => req.destroy(error));
      o.body.pipe(req);
    }
  });
}

function decoded(upstream: IncomingMessage): Readable {
  const encoding = String(upstream.headers["content-encoding"] ?? "identity").toLowerCase();
  if (encoding === "gzip" || encoding === "x-gzip") return upstream.pipe(zlib.createGunzip());
  if (encoding === "deflate") return upstream.pipe(zlib.createInflate());
  if (encoding === "br") return upstream.pipe(zlib.createBrotliDecompress());
  return upstream;
}

function responseHeaders(upstream: IncomingMessage, needles: string[]): { headers: Record<string, string | string[]>; redacted: boolean } {
  const headers: Record<string, string | string[]> = {};
  let redacted = false;
  for (const [key, value] of Object.entries(upstream.headers)) {
    if (value === undefined || DROPPED_RESPONSE.has(key)) continue;
    const clean = (v: string) => {
      const r = redactText(v, needles);
      if (r.redacted) redacted = true;
      return r.text;
    };
    headers[key] = Array.isArray(value) ? value.map(clean) : clean(value);
  }
  return { headers, redacted };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function write(res: ServerResponse, chunk: Buffer): Promise<void> | void {
  if (chunk.length === 0 || res.destroyed) return;
  if (!res.write(chunk))
    return new Promise((resolve) => {
      const done = () => {
        res.off("drain", done);
        res.off("close", done);
        resolve();
      };
      res.on("drain", done);
      res.on("close", done);
    });
}

export async function forwardApiCall(
  o: Outbound,
  res: ServerResponse,
  extraHeaders: Record<string, string>,
  /** An upstream 401: the call again with refreshed credentials (OAuth2), once, or null. */
  onUnauthorized?: () => Promise<Outbound | null>,
): Promise<Relayed> {
  const { upstream, sent } = await openUpstream(o);
  const status = upstream.statusCode ?? 502;
  if (status === 401 && onUnauthorized) {
    const retry = await onUnauthorized();
    if (retry) {
      upstream.resume();
      return forwardApiCall(retry, res, extraHeaders);
    }
  }
  const { headers, redacted: headerHit } = responseHeaders(upstream, o.needles);
  const noBody = o.method === "HEAD" || status === 204 || status === 304 || (status >= 100 && status < 200);
  const length = Number(upstream.headers["content-length"]);
  const identity = !upstream.headers["content-encoding"] || upstream.headers["content-encoding"] === "identity";
  const idle = () => upstream.destroy(Object.assign(new Error("upstream idle"), { code: "EIDLE" }));
  upstream.setTimeout(env().upstreamIdleTimeoutMs, idle);
  if (noBody) {
    upstream.resume();
    res.writeHead(status, { ...headers, ...extraHeaders, ...(headerHit ? { "x-vault-redacted": "true" } : {}) });
    res.end();
    return { status, bytesIn: sent(), bytesOut: 0, redacted: headerHit };
  }
  if (identity && Number.isFinite(length) && length <= SCAN_FIRST_LIMIT) {
    const { body, redacted } = redactBuffer(await readAll(upstream), o.needles);
    const hit = redacted || headerHit;
    res.writeHead(status, {
      ...headers,
      ...extraHeaders,
      "content-length": String(body.length),
      ...(hit ? { "x-vault-redacted": "true" } : {}),
    });
    res.end(body);
    return { status, bytesIn: sent(), bytesOut: body.length, redacted: hit };
  }
  res.writeHead(status, { ...headers, ...extraHeaders, ...(headerHit ? { "x-vault-redacted": "true" } : {}) });
  res.flushHeaders();
  const redactor = new Redactor(o.needles);
  let out = 0;
  try {
    for await (const chunk of decoded(upstream)) {
      if (res.destroyed) break;
      const safe = redactor.push(chunk as Buffer);
      out += safe.length;
      await write(res, safe);
    }
    const rest = redactor.flush();
    out += rest.length;
    await write(res, rest);
  } finally {
    if (!res.destroyed) res.end();
    upstream.destroy();
  }
  return { status, bytesIn: sent(), bytesOut: out, redacted: headerHit || redactor.redacted };
}
