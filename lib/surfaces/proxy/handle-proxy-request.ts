/**
 * The proxy's orchestrator: /v1/<provider>/<path> in, the provider's answer (or a rejection in the
 * provider's envelope) out. Order of work (docs/architecture.md, "Hot path"): path, token, grant,
 * provider, capability, body, model, price, then one database admission (rate limits + hold +
 * pending usage event), then forward and meter (forward-flight.ts), which settles exactly once.
 * Framework-neutral: node-adapter.ts and web-adapter.ts translate.
 */
import { newId } from "@/lib/foundation/crypto/random";
import { isSealed, vaultKeys } from "@/lib/foundation/crypto/vault-keys";
import { isVaultError, VaultError } from "@/lib/foundation/errors/vault-error";
import { vaultSealedError, vaultShuttingDownError } from "@/lib/foundation/errors/unavailable-errors";
import { env } from "@/lib/foundation/env";
import { openProviderKey } from "@/lib/domain/provider-keys/key-cipher";
import { loadPriceOverrides, resolvePrice } from "@/lib/engines/pricing/resolve-price";
import { adapterFor } from "@/lib/engines/providers/adapter-for";
import { withInputBound } from "@/lib/engines/providers/read-request-facts";
import type { BodyFacts, Endpoint, ProviderAdapter, RequestFacts } from "@/lib/engines/providers/types";
import { guardStore } from "@/lib/engines/ledger/guard-store";
import { authorizeToken, scopeForModel, scopesForEndpoint } from "@/lib/surfaces/proxy/authorize-proxy-request";
import { forwardFlight } from "@/lib/surfaces/proxy/forward-flight";
import { beginLiveRequest, isDraining } from "@/lib/surfaces/proxy/live-requests";
import { parseProxyPath } from "@/lib/surfaces/proxy/parse-proxy-path";
import { proxyErrorResponse } from "@/lib/surfaces/proxy/proxy-error-response";
import type { ProxyRequest, ProxyResponse } from "@/lib/surfaces/proxy/proxy-types";
import { readRequestBody } from "@/lib/surfaces/proxy/read-request-body";
import { StopError, stopVaultError } from "@/lib/surfaces/proxy/stop-reason";
import { ledgerStore } from "@/lib/engines/ledger/ledger-store-for";
import { upstreamRoot } from "@/lib/domain/upstreams/upstream-root";
import { holdLifetimeMs } from "@/lib/engines/ledger/hold-lifetime";
import { isCapped, plannedOutput, reserveSpend } from "@/lib/domain/spend/reserve-spend";

const FALLBACK_ADAPTER = "openai";

function parseJsonBody(bytes: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new VaultError("invalid_json", "The request body is not valid JSON.");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new VaultError("invalid_request", "The request body must be a JSON object.");
  return value as Record<string, unknown>;
}

function providerSegment(url: string): string {
  return url.startsWith("/v1/") ? url.slice(4).split(/[/?]/, 1)[0]! : "";
}

export async function handleProxyRequest(req: ProxyRequest): Promise<ProxyResponse> {
  const requestId = newId("pxr");
  const startedAtMs = Date.now();
  // Counted from here until refused or settled: a shutdown waits for it (and may stop it) wherever it is.
  const live = beginLiveRequest();
  let adapter: ProviderAdapter = adapterFor(FALLBACK_ADAPTER)!;
  try {
    const found = adapterFor(providerSegment(req.url));
    if (!found) throw new VaultError("not_found", "Unknown provider. Use /v1/<provider>/..., e.g. /v1/openai or /v1/anthropic.");
    adapter = found;
    const { path, query } = parseProxyPath(req.url);
    if (isDraining()) throw vaultShuttingDownError();
    if (isSealed()) throw vaultSealedError();
    const config = env();
    const store = ledgerStore();
    const grant = await authorizeToken(adapter, store, req.headers, query, startedAtMs);
    const endpoint: Endpoint | null = adapter.endpoint(req.method, path);
    const scopes = scopesForEndpoint(grant, adapter, endpoint);
    const ep = endpoint!;

    const bodyBytes =
      ep.body === "none"
        ? Buffer.alloc(0)
        : await readRequestBody(req.body, req.headers["content-length"], { signal: live.stopper.signal });
    const json = ep.body === "json" ? parseJsonBody(bodyBytes) : null;
    const bodyFacts: BodyFacts | null = json ? adapter.requestFacts(ep, json) : null;
    const scope = scopeForModel(scopes, ep, bodyFacts?.model ?? null);
    const refusal = json ? adapter.refusal(ep, json, req.headers, isCapped(scope)) : null;
    if (refusal) throw refusal;
    const priced = bodyFacts?.model && (ep.metering === "tokens" || ep.metering === "input");
    const price = priced ? resolvePrice(await guardStore(loadPriceOverrides(store)), adapter.info, bodyFacts.model!, startedAtMs) : null;

    if (!scope.key && adapter.info.requiresKey)
      throw new VaultError("upstream_auth_failed", "The vault has no usable provider key for this grant.");
    const secret = scope.key ? openProviderKey(vaultKeys(), scope.key) : "";
    const url = await upstreamRoot(adapter.info.id);

    // The forwarded body is the re-serialized checked object with the output bound written in; the
    // input bound is measured on it (not on the client's bytes). A bound lowered to what the budget
    // pays for only shortens it.
    const requestStreamUsage = !!bodyFacts?.stream && !bodyFacts.clientWantsStreamUsage;
    const serialize = (limit: number | null | undefined) =>
      Buffer.from(JSON.stringify(adapter.rewriteBody(ep, json!, bodyFacts!, { maxOutputTokens: limit ?? undefined, requestStreamUsage })));
    const planned = bodyFacts ? (plannedOutput(scope, bodyFacts)?.tokens ?? bodyFacts.maxOutputTokens) : null;
    let body = json ? serialize(planned) : ep.body === "multipart" ? bodyBytes : null;
    const facts: RequestFacts | null = bodyFacts ? withInputBound(bodyFacts, body!.length) : null;

    if (live.stopper.reason) throw stopVaultError(live.stopper.reason); // stopped (shutdown) before its admission
    const lifetimeMs = holdLifetimeMs(config.upstreamTimeoutMs);
    const reservation = await guardStore(
      reserveSpend(store, {
        holdId: requestId,
        grant,
        scope,
        provider: adapter.info.id,
        endpoint: ep,
        facts,
        price: price?.dearest ?? null,
        nowMs: startedAtMs,
        expiresAtMs: startedAtMs + lifetimeMs,
      }),
    );
    live.admitted(store, grant.tokenId, { id: requestId, expiresAtMs: startedAtMs + lifetimeMs, lifetimeMs });
    const limit = reservation.outputLimit?.tokens;
    if (json && limit !== undefined && limit !== planned) body = serialize(limit);

    return await forwardFlight({
      req,
      requestId,
      startedAtMs,
      live,
      store,
      adapter,
      endpoint: ep,
      path,
      query,
      root: url,
      secret,
      body,
      bodyBytes: body ? body.length : 0,
      scope,
      facts,
      price,
      reservation,
      dropInjectedUsage: requestStreamUsage,
      timeoutMs: config.upstreamTimeoutMs,
      idleTimeoutMs: config.upstreamIdleTimeoutMs,
    });
  } catch (error) {
    live.end(); // refused (an admitted request that failed was settled before forwardFlight threw)
    // A client that left before admission (mid-body, or while its token was checked) is not a
    // vault fault: its body read fails with the socket's error, which must not be logged as one.
    const stopped = error instanceof StopError ? error.reason : req.signal.aborted && !isVaultError(error) ? "client_abort" : null;
    return proxyErrorResponse(adapter, stopped ? stopVaultError(stopped) : error, requestId);
  }
}
