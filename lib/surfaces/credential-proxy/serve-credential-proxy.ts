/**
 * The credential proxy (`ANY /proxy/<host>/<path>` and `ANY /proxy` with `X-AS-Target-URL`), on
 * node:http, before Next.js. Order of work: target, token (X-Proxy-Authorization), the grant's
 * api_access entry for the host, method and path, rate limits, the credentials the call names and
 * their destinations, and only then the secrets: decrypted, substituted, sent, scrubbed from the
 * answer. Every call with a known grant leaves one call-log row, refused ones included.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Actor } from "@/lib/domain/audit/record-audit-event";
import { newId } from "@/lib/foundation/crypto/random";
import { CLIENT_IP_HEADER } from "@/lib/foundation/http/client-ip";
import { isSealed, vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import { db } from "@/lib/foundation/db/client";
import { vaultSealedError, vaultShuttingDownError } from "@/lib/foundation/errors/unavailable-errors";
import { isDraining } from "@/lib/surfaces/proxy/live-requests";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { log } from "@/lib/foundation/log";
import { redactText } from "@/lib/engines/credentials/redaction";
import { formatOrigin } from "@/lib/engines/credentials/destinations";
import { ledgerStore } from "@/lib/engines/ledger/ledger-store-for";
import { rateSteps, retryAfterSeconds } from "@/lib/engines/ledger/rate-limit";
import { API_METHODS } from "@/lib/engines/okap/types";
import { recordApiCall } from "@/lib/domain/api-calls/record-api-call";
import { grantForToken } from "@/lib/surfaces/proxy/authorize-proxy-request";
import { readRequestBody } from "@/lib/surfaces/proxy/read-request-body";
import { apiScopesOf, dropCachedApiScopes, type ApiScopeRecord } from "@/lib/surfaces/credential-proxy/api-scope-cache";
import { checkMethodAndPath, scopeForHost } from "@/lib/surfaces/credential-proxy/authorize-api-call";
import { callRecord, loggedPath, type CallContext } from "@/lib/surfaces/credential-proxy/call-context";
import { credentialProxyError } from "@/lib/surfaces/credential-proxy/credential-proxy-error";
import { forwardApiCall, type Outbound } from "@/lib/surfaces/credential-proxy/forward-api-call";
import { parseApiTarget, type ApiTarget } from "@/lib/surfaces/credential-proxy/parse-api-target";
import { planCredentials } from "@/lib/surfaces/credential-proxy/plan-credentials";
import { bodyKind, namesUsed, readInjections, rewriteRequest } from "@/lib/surfaces/credential-proxy/rewrite-request";
import { entryNeedles, openSecrets, type OpenedSecrets } from "@/lib/surfaces/credential-proxy/open-secrets";
import { askForHost, refuseMissing } from "@/lib/surfaces/credential-proxy/on-demand";

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function appOf(req: IncomingMessage): Actor {
  return { type: "app", id: null, ip: header(req, CLIENT_IP_HEADER) ?? null, userAgent: header(req, "user-agent") ?? null };
}

function bearer(req: IncomingMessage): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header(req, "x-proxy-authorization") ?? "");
  return m ? m[1]! : null;
}

function methodOf(req: IncomingMessage): string {
  const method = (header(req, "x-as-method") ?? req.method ?? "GET").toUpperCase();
  if (!(API_METHODS as readonly string[]).includes(method))
    throw new VaultError("invalid_request", `The method ${method.slice(0, 16)} is not proxied.`);
  return method;
}

function hasBody(req: IncomingMessage): boolean {
  const length = header(req, "content-length");
  return length !== undefined ? Number(length) > 0 : req.headers["transfer-encoding"] !== undefined;
}

async function admitRate(scope: ApiScopeRecord): Promise<void> {
  if (scope.requestsPerMinute === null && scope.requestsPerDay === null) return;
  const steps = rateSteps(scope, Date.now());
  const outcome = await ledgerStore().admitRate(scope.scopeId, steps.perMinute, steps.perDay);
  if (outcome === "ok") return;
  const step = outcome === "rate_minute" ? steps.perMinute! : steps.perDay!;
  throw new VaultError("rate_limited", `This grant allows ${step.limit} calls per ${outcome === "rate_minute" ? "minute" : "day"}.`, {
    retryAfterSeconds: retryAfterSeconds(step),
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: CallContext, signal: AbortSignal, id: string) {
  if (isSealed()) throw vaultSealedError();
  if (isDraining()) throw vaultShuttingDownError();
  ctx.method = methodOf(req);
  const target: ApiTarget = parseApiTarget(req.url ?? "/", header(req, "x-as-target-url"));
  ctx.origin = `${target.scheme ?? "https"}://${target.hostKey}`;
  ctx.path = loggedPath(target.path, target.query);
  const grant = await grantForToken(ledgerStore(), bearer(req), Date.now());
  Object.assign(ctx, { userId: grant.userId, grantId: grant.grantId });
  if (grant.status !== "active") throw new VaultError("grant_paused", "The vault owner paused this grant.");
  const decision = scopeForHost(await apiScopesOf(grant.grantId), target.hostKey);
  ctx.scopeId = decision.scope.scopeId;
  if (decision.kind === "ask") throw await askForHost(appOf(req), grant, decision.scope, target.hostKey, []);
  const scope = decision.scope;
  checkMethodAndPath(scope, ctx.method, target.path);
  const injections = readInjections(req.headers);
  const kind = bodyKind(header(req, "content-type"));
  const readable = hasBody(req) && ctx.method !== "GET" && ctx.method !== "HEAD";
  const buffered = readable && (kind !== "opaque" || injections.some((i) => i.style === "body" || i.style === "form"));
  const body = buffered ? await readRequestBody(req, req.headers["content-length"], { signal }) : null;
  const account = header(req, "x-proxy-account");
  ctx.account = account ?? null;
  const names = namesUsed(req.headers, target.query, body?.toString("utf8") ?? null, injections);
  const { plan, missing } = planCredentials(scope, target, names, account);
  if (!plan) throw await refuseMissing(appOf(req), grant, scope, target.hostKey, missing);
  ctx.origin = formatOrigin(plan.origin);
  ctx.credentials = [...new Set([...plan.credentials.values()].map((c) => c.name))];
  ctx.credentialIds = [...new Set([...plan.credentials.values()].map((c) => c.id))];
  await admitRate(scope); // only calls that would go out count against the limits
  const secrets = await openSecrets(db(), vaultKeys(), plan.credentials);
  const others = entryNeedles(vaultKeys(), scope.credentials, new Set(ctx.credentialIds));
  ctx.path = redactText(ctx.path, secrets.needles).text;
  const outbound = (opened: OpenedSecrets): Outbound => {
    const rewritten = rewriteRequest({
      headers: req.headers,
      query: target.query,
      body,
      kind,
      injections,
      valueOf: opened.templateValue,
      injectedValue: opened.injectedValue,
    });
    if (rewritten.body) rewritten.headers["content-length"] = String(rewritten.body.length);
    else if (readable && header(req, "content-length")) rewritten.headers["content-length"] = header(req, "content-length")!;
    return {
      origin: plan.origin,
      method: ctx.method,
      path: target.path,
      query: rewritten.query,
      headers: rewritten.headers,
      body: rewritten.body ?? (readable ? req : null),
      allowPrivate: plan.allowPrivate,
      // the old tokens as well as the new: an echo of either is scrubbed
      needles: [...new Set([...opened.needles, ...secrets.needles, ...others])].sort((a, b) => b.length - a.length),
      signal,
    };
  };
  // A streamed body cannot be sent twice: the 401 retry is for calls whose body the vault holds.
  const retry =
    secrets.refreshable && !(readable && !body)
      ? async () => {
          dropCachedApiScopes(grant.grantId);
          return outbound(await openSecrets(db(), vaultKeys(), plan.credentials, true));
        }
      : undefined;
  return forwardApiCall(outbound(secrets), res, { "x-okap-request-id": id, "cache-control": "no-store" }, retry);
}

export async function serveCredentialProxy(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const id = newId("apc");
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const ctx: CallContext = {
    startedMs: performance.now(),
    method: req.method ?? "GET",
    origin: "",
    path: "",
    agentId: header(req, "x-as-agent-id")?.slice(0, 100) ?? null,
    account: null,
    userId: null,
    grantId: null,
    scopeId: null,
    credentialIds: [],
    credentials: [],
  };
  try {
    const relayed = await handle(req, res, ctx, controller.signal, id);
    if (ctx.userId) await recordApiCall(db(), callRecord({ ...ctx, userId: ctx.userId }, { ...relayed, blockedReason: null }));
  } catch (error) {
    const e = credentialProxyError(error, id);
    if (res.headersSent) {
      log.warn("credential-proxy stream cut", { request_id: id, code: e.code });
      res.destroy();
    } else {
      res.writeHead(e.status, e.headers);
      res.end(JSON.stringify(e.body));
    }
    if (ctx.userId)
      await recordApiCall(
        db(),
        callRecord({ ...ctx, userId: ctx.userId }, { status: e.status, bytesIn: 0, bytesOut: 0, redacted: false, blockedReason: e.code }),
      );
  }
}
