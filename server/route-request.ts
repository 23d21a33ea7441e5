/**
 * The first code every HTTP request meets: trusted client IP, the metering proxy (/v1/*, straight to
 * lib/surfaces/proxy), health endpoints, paths that do not decode, the sealed-vault gate for APIs, security
 * headers for pages, then Next.js. Its own error answers come from the one error core.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { listenerState } from "@/lib/foundation/cluster/change-listener";
import { newId } from "@/lib/foundation/crypto/random";
import { isSealed, sealState } from "@/lib/foundation/crypto/vault-keys";
import { db } from "@/lib/foundation/db/client";
import type { VaultEnv } from "@/lib/foundation/env";
import { describeError } from "@/lib/foundation/errors/describe-error";
import { jsonErrorBody } from "@/lib/foundation/errors/json-error-response";
import { vaultSealedError, vaultShuttingDownError } from "@/lib/foundation/errors/unavailable-errors";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { CLIENT_IP_HEADER, clientIpOf } from "@/lib/foundation/http/client-ip";
import { okapError } from "@/lib/surfaces/okap/okap-error-response";
import { applyPageSecurity, PAGE_PATH_HEADER } from "@/lib/surfaces/ui/page-security";
import { isDraining } from "@/lib/surfaces/proxy/live-requests";
import { serveProxyNode } from "@/lib/surfaces/proxy/node-adapter";
import { serveCredentialProxy } from "@/lib/surfaces/credential-proxy/serve-credential-proxy";

type NextHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const API_PREFIXES = ["/api/", "/okap/", "/v1/"];

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(text);
}

/** An error in the JSON APIs' envelope (the custom server's own answers, and its last resort). */
export function sendError(res: ServerResponse, error: unknown, requestId?: string): void {
  const d = describeError(error, requestId);
  if (res.headersSent) {
    res.end(); // a body already started: nothing sensible can be appended to it
    return;
  }
  sendJson(res, d.status, jsonErrorBody(d), d.headers);
}

/** Next.js answers a path whose percent-encoding does not decode with a 500; this is the caller's 400. */
function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** In the envelope of the surface the path belongs to (the proxy's is answered by the proxy itself). */
function sendUndecodable(res: ServerResponse, path: string): void {
  const error = new VaultError("invalid_request", "The path is not valid percent-encoding (e.g. %ff, or a cut-off %E2%82).");
  if (path.startsWith("/api/")) return sendError(res, error, newId("rid"));
  if (path.startsWith("/okap/")) {
    const { status, headers, body } = okapError("b", error); // /okap/request (dialect A) has no segment to get wrong
    return sendJson(res, status, body, headers);
  }
  res.writeHead(400, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" });
  res.end(`${error.message}\n`);
}

async function readiness(): Promise<{ ok: boolean; checks: Record<string, string> }> {
  const checks: Record<string, string> = {};
  const state = sealState();
  checks.vault = state.sealed ? "sealed" : "unsealed";
  try {
    await db().$queryRawUnsafe("SELECT 1");
    checks.database = "ok";
  } catch {
    checks.database = "unreachable";
  }
  // Informational: while the listener reconnects, caches fall back to their TTL (still within 1 s).
  const listener = listenerState();
  if (listener) checks.change_listener = listener;
  return { ok: !state.sealed && checks.database === "ok", checks };
}

export function createRequestRouter(config: VaultEnv, nextHandler: NextHandler) {
  const https = config.publicUrl.startsWith("https://");
  return async function routeRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.headers[CLIENT_IP_HEADER] = clientIpOf(req, config.trustProxy);
    delete req.headers[PAGE_PATH_HEADER];
    const url = req.url ?? "/";
    const path = url.split("?", 1)[0]!;

    if (isDraining()) res.setHeader("connection", "close"); // shutting down: no keep-alive
    // The metering proxy skips Next.js entirely (its own envelope, sealed and drain handling).
    // A path that does not decode goes there too: the proxy refuses it in the provider's envelope.
    if (path.startsWith("/v1/") && (config.proxyRouter === "direct" || !decodes(path))) return serveProxyNode(req, res);
    // The credential proxy (any HTTP API, docs/credential-proxy.md): its own envelope, also for sealed and draining.
    if (path === "/proxy" || path.startsWith("/proxy/")) return serveCredentialProxy(req, res);
    if (path === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (isDraining()) return sendError(res, vaultShuttingDownError());
    if (path === "/readyz") {
      const { ok, checks } = await readiness();
      return sendJson(res, ok ? 200 : 503, { status: ok ? "ready" : "not_ready", checks });
    }
    if (!decodes(path)) return sendUndecodable(res, path);
    if (API_PREFIXES.some((p) => path.startsWith(p))) {
      if (isSealed()) return sendError(res, vaultSealedError());
      res.setHeader("cache-control", "no-store");
      res.setHeader("x-content-type-options", "nosniff");
    } else if (!path.startsWith("/_next/static/")) {
      req.headers[PAGE_PATH_HEADER] = url.slice(0, 2048); // for the login redirect's callbackUrl
      applyPageSecurity(req, res, https);
    }
    await nextHandler(req, res);
  };
}
