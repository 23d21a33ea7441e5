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
import { databaseDown, noteDatabaseOk } from "@/lib/foundation/db/database-health";
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
import { ledgerStore } from "@/lib/engines/ledger/ledger-store-for";
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

function notAPathError(): VaultError {
  return new VaultError(
    "invalid_request",
    "The request target must be a path such as /v1/openai/chat/completions (absolute-form and * are not served).",
  );
}

const PROBE_TIMEOUT_MS = 2_000;

/** Within PROBE_TIMEOUT_MS, or false: a hung database must not hang the probe with it. */
async function withinProbeTime(check: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS)));
  try {
    return await Promise.race([check.then(() => true), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** During a known outage: is the database back? (Noted at once, so every surface serves again.) */
async function databaseAnswers(): Promise<boolean> {
  const back = await withinProbeTime(db().$queryRawUnsafe("SELECT 1"));
  if (back) noteDatabaseOk();
  return back;
}

function sendPageUnavailable(res: ServerResponse): void {
  res.writeHead(503, {
    "content-type": "text/plain; charset=utf-8",
    "cache-control": "no-store",
    "retry-after": "5",
    "x-content-type-options": "nosniff",
  });
  res.end("The vault cannot reach its database right now (vault_unavailable). Retry shortly.\n");
}

async function readiness(): Promise<{ ok: boolean; checks: Record<string, string> }> {
  const checks: Record<string, string> = {};
  const state = sealState();
  checks.vault = state.sealed ? "sealed" : "unsealed";
  checks.database = (await withinProbeTime(db().$queryRawUnsafe("SELECT 1"))) ? "ok" : "unreachable";
  // Ready means the ledger can write (a read-only SQLite file still answers SELECT 1): this
  // instance's heartbeat is the write.
  if (checks.database === "ok" && !state.sealed) {
    checks.ledger = (await withinProbeTime(ledgerStore().heartbeat(Date.now()))) ? "ok" : "cannot_write";
  }
  // Informational: while the listener reconnects, caches fall back to their TTL (still within 1 s).
  const listener = listenerState();
  if (listener) checks.change_listener = listener;
  return { ok: !state.sealed && checks.database === "ok" && checks.ledger === "ok", checks };
}

export function createRequestRouter(config: VaultEnv, nextHandler: NextHandler) {
  const https = config.publicUrl.startsWith("https://");
  return async function routeRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.headers[CLIENT_IP_HEADER] = clientIpOf(req, config.trustProxy);
    delete req.headers[PAGE_PATH_HEADER];
    const url = req.url ?? "/";
    // Only origin-form targets are served: Next.js would redirect an absolute-form target
    // (`POST http://evil.example/v1/...`) to that host, and throw "Invalid URL" (a 500) on `OPTIONS *`.
    if (!url.startsWith("/")) return sendError(res, notAPathError(), newId("rid"));
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
      // A page would render Next.js's 500 while the database is out: a 503 that says so instead.
      if (databaseDown() && !(await databaseAnswers())) return sendPageUnavailable(res);
      req.headers[PAGE_PATH_HEADER] = url.slice(0, 2048); // for the login redirect's callbackUrl
      applyPageSecurity(req, res, https);
    }
    await nextHandler(req, res);
  };
}
