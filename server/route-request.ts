/**
 * The first code every HTTP request meets: trusted client IP, the metering proxy (/v1/*, straight to
 * lib/surfaces/proxy), health endpoints, the sealed-vault gate for APIs, security headers for pages, then Next.js.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { listenerState } from "@/lib/foundation/cluster/change-listener";
import { isSealed, sealState } from "@/lib/foundation/crypto/vault-keys";
import { db } from "@/lib/foundation/db/client";
import type { VaultEnv } from "@/lib/foundation/env";
import { CLIENT_IP_HEADER, clientIpOf } from "@/lib/foundation/http/client-ip";
import { applyPageSecurity, PAGE_PATH_HEADER } from "@/lib/surfaces/ui/page-security";
import { isDraining } from "@/lib/surfaces/proxy/live-requests";
import { serveProxyNode } from "@/lib/surfaces/proxy/node-adapter";

type NextHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const API_PREFIXES = ["/api/", "/okap/", "/v1/"];

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(text);
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
    if (path.startsWith("/v1/") && config.proxyRouter === "direct") return serveProxyNode(req, res);
    if (path === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (isDraining()) {
      return sendJson(
        res,
        503,
        { error: { type: "vault_unavailable", message: "The vault is shutting down. Retry shortly." } },
        { "retry-after": "2" },
      );
    }
    if (path === "/readyz") {
      const { ok, checks } = await readiness();
      return sendJson(res, ok ? 200 : 503, { status: ok ? "ready" : "not_ready", checks });
    }
    if (API_PREFIXES.some((p) => path.startsWith(p))) {
      if (isSealed()) {
        return sendJson(
          res,
          503,
          {
            error: {
              type: "vault_sealed",
              message: "The vault is sealed: its encryption key is missing or wrong. The owner must fix the key configuration.",
            },
          },
          { "retry-after": "30" },
        );
      }
      res.setHeader("cache-control", "no-store");
      res.setHeader("x-content-type-options", "nosniff");
    } else if (!path.startsWith("/_next/static/")) {
      req.headers[PAGE_PATH_HEADER] = url.slice(0, 2048); // for the login redirect's callbackUrl
      applyPageSecurity(req, res, https);
    }
    await nextHandler(req, res);
  };
}
