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
import { openGrantKey } from "@/lib/domain/provider-keys/open-grant-key";
import { loadPriceOverrides, resolvePrice } from "@/lib/engines/pricing/resolve-price";
import { adapterFor } from "@/lib/engines/providers/adapter-for";
import { withInputBound } from "@/lib/engines/providers/read-request-facts";
import type { BodyFacts, MatchedEndpoint, ProviderAdapter, ProviderRequest, RequestFacts } from "@/lib/engines/providers/types";
import { guardStore } from "@/lib/engines/ledger/guard-store";
import { authorizeToken, scopeForModel, scopesForEndpoint } from "@/lib/surfaces/proxy/authorize-proxy-request";
import { forwardFlight } from "@/lib/surfaces/proxy/forward-flight";
import { beginLiveRequest, isDraining } from "@/lib/surfaces/proxy/live-requests";
import { parseProxyPath, withoutTokenParams } from "@/lib/surfaces/proxy/parse-proxy-path";
import { proxyErrorResponse } from "@/lib/surfaces/proxy/proxy-error-response";
import type { ProxyRequest, ProxyResponse } from "@/lib/surfaces/proxy/proxy-types";
import { MAX_REQUEST_BYTES, readRequestBody } from "@/lib/surfaces/proxy/read-request-body";
import { readFormBody } from "@/lib/surfaces/proxy/read-form-body";
import { BodyTicket } from "@/lib/surfaces/proxy/body-budget";
import { jsonDepthExceeds, MAX_JSON_DEPTH } from "@/lib/foundation/validation/json-depth";
import { StopError, stopVaultError } from "@/lib/surfaces/proxy/stop-reason";
import { ledgerStore } from "@/lib/engines/ledger/ledger-store-for";
import { upstreamRoot } from "@/lib/domain/upstreams/upstream-root";
import { holdLifetimeMs } from "@/lib/engines/ledger/hold-lifetime";
import { isCapped, plannedOutput, reserveSpend } from "@/lib/domain/spend/reserve-spend";

/** The answer's envelope before the provider is known (an unknown /v1/<provider>). */
const FALLBACK_PROVIDER = "openai";

/** The client's body as its endpoint takes it. */
type ClientBody =
  | { kind: "none" }
  /** A multipart form: its fields and files as the adapter read them, and its re-serialization. */
  | { kind: "form"; request: ProviderRequest; facts: BodyFacts; bytes: Buffer; contentType: string; textBytes: number }
  /** A checked JSON object, what the adapter read from it, and the request it belongs to. */
  | { kind: "json"; request: ProviderRequest; facts: BodyFacts };

/** The body that goes upstream, its content type, and the facts with their input bound measured on it. */
type ForwardedBody = { bytes: Buffer | null; contentType: string | null; facts: RequestFacts | null };

function parseJsonBody(bytes: Buffer): Record<string, unknown> {
  if (jsonDepthExceeds(bytes)) throw new VaultError("invalid_json", `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
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

async function readClientBody(
  req: ProxyRequest,
  adapter: ProviderAdapter,
  endpoint: MatchedEndpoint,
  query: URLSearchParams,
  signal: AbortSignal,
  ticket: BodyTicket,
): Promise<ClientBody> {
  if (endpoint.body === "none") return { kind: "none" };
  const declared = Number(req.headers["content-length"] ?? 0);
  if (Number.isSafeInteger(declared) && declared > 0 && declared <= MAX_REQUEST_BYTES) ticket.cover(declared);
  const bytes = await readRequestBody(req.body, req.headers["content-length"], { signal, onProgress: (n) => ticket.cover(n) });
  if (endpoint.body === "multipart") {
    const contentType = req.headers["content-type"];
    const form = await readFormBody(bytes, Array.isArray(contentType) ? contentType[0] : contentType);
    const request: ProviderRequest = { endpoint, query, headers: req.headers, body: form.fields, files: form.files };
    return { kind: "form", request, facts: adapter.requestFacts(request), ...form };
  }
  const request: ProviderRequest = { endpoint, query, headers: req.headers, body: parseJsonBody(bytes) };
  return { kind: "json", request, facts: adapter.requestFacts(request) };
}

/**
 * The forwarded JSON body is the re-serialized checked object with the output bound written in; the
 * input bound is measured on it (not on the client's bytes).
 */
function forwardedBody(adapter: ProviderAdapter, body: ClientBody, limit: number | null, requestStreamUsage: boolean): ForwardedBody {
  switch (body.kind) {
    case "none":
      return { bytes: null, contentType: null, facts: null };
    case "form": // no bound is written into a form: its text fields bound its input, its files count as attachments
      return { bytes: body.bytes, contentType: body.contentType, facts: withInputBound(body.facts, body.textBytes) };
    case "json": {
      const rewritten = adapter.rewriteBody(body.request, body.facts, { maxOutputTokens: limit ?? undefined, requestStreamUsage });
      const bytes = Buffer.from(JSON.stringify(rewritten));
      return { bytes, contentType: "application/json", facts: withInputBound(body.facts, bytes.length) };
    }
  }
}

function providerSegment(url: string): string {
  return url.startsWith("/v1/") ? (url.slice(4).split(/[/?]/, 1)[0] ?? "") : "";
}

/** The path below /v1/<provider>/ as the client sent it (unchecked: it only picks an error envelope). */
function pathBelowProvider(url: string): string | undefined {
  const path = url.split("?", 1)[0]!;
  const slash = path.indexOf("/", 4);
  return url.startsWith("/v1/") && slash !== -1 ? path.slice(slash + 1) : undefined;
}

export async function handleProxyRequest(req: ProxyRequest): Promise<ProxyResponse> {
  const requestId = newId("pxr");
  const startedAtMs = Date.now();
  // Counted from here until refused or settled: a shutdown waits for it (and may stop it) wherever it is.
  const live = beginLiveRequest();
  // Released once the body has been handed to the provider (forwardFlight returns with the answer's headers) or refused.
  const ticket = new BodyTicket();
  let adapter: ProviderAdapter = adapterFor(FALLBACK_PROVIDER);
  try {
    const found = adapterFor(providerSegment(req.url));
    if (!found) throw new VaultError("not_found", "Unknown provider. Use /v1/<provider>/..., e.g. /v1/openai or /v1/anthropic.");
    adapter = found;
    const parsed = parseProxyPath(req.url);
    if (isDraining()) throw vaultShuttingDownError();
    if (isSealed()) throw vaultSealedError();
    const config = env();
    const store = ledgerStore();
    const grant = await authorizeToken(adapter, store, req.headers, parsed.query, startedAtMs);
    const query = withoutTokenParams(parsed.query, adapter.tokenQueryParams);
    const { endpoint, scopes } = scopesForEndpoint(grant, adapter, adapter.endpoint(req.method, parsed.path));

    const body = await readClientBody(req, adapter, endpoint, query, live.stopper.signal, ticket);
    const model = body.kind === "none" ? null : body.facts.model;
    const scope = scopeForModel(scopes, endpoint, model);
    const refusal = body.kind === "none" ? null : adapter.refusal(body.request, isCapped(scope));
    if (refusal) throw refusal;
    const priced = !!model && (endpoint.metering === "tokens" || endpoint.metering === "input");
    const price = priced ? resolvePrice(await guardStore(loadPriceOverrides(store)), adapter.info, model, startedAtMs) : null;

    if (!scope.key && adapter.info.requiresKey)
      throw new VaultError("upstream_auth_failed", "The vault has no usable provider key for this grant.");
    const secret = scope.key ? await openGrantKey(vaultKeys(), scope.key, startedAtMs) : "";
    const url = await upstreamRoot(adapter.info.id);

    // A bound lowered to what the budget pays for only shortens the body its input bound was measured on.
    const requestStreamUsage = body.kind === "json" && body.facts.stream && !body.facts.clientWantsStreamUsage;
    const planned = body.kind === "json" ? (plannedOutput(scope, body.facts)?.tokens ?? body.facts.maxOutputTokens) : null;
    let forwarded = forwardedBody(adapter, body, planned, requestStreamUsage);
    const facts = forwarded.facts;

    if (live.stopper.reason) throw stopVaultError(live.stopper.reason); // stopped (shutdown) before its admission
    const lifetimeMs = holdLifetimeMs(config.upstreamTimeoutMs);
    const reservation = await guardStore(
      reserveSpend(store, {
        holdId: requestId,
        grant,
        scope,
        provider: adapter.info.id,
        endpoint,
        facts,
        price: price?.dearest ?? null,
        nowMs: startedAtMs,
        expiresAtMs: startedAtMs + lifetimeMs,
      }),
    );
    live.admitted(store, grant.tokenId, { id: requestId, expiresAtMs: startedAtMs + lifetimeMs, lifetimeMs });
    const limit = reservation.outputLimit?.tokens;
    if (limit !== undefined && limit !== planned)
      forwarded = { ...forwarded, bytes: forwardedBody(adapter, body, limit, requestStreamUsage).bytes };

    return await forwardFlight({
      req,
      requestId,
      startedAtMs,
      live,
      store,
      adapter,
      endpoint,
      path: endpoint.upstreamPath,
      query,
      root: url,
      secret,
      body: forwarded.bytes,
      contentType: forwarded.contentType,
      bodyBytes: forwarded.bytes ? forwarded.bytes.length : 0,
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
    return proxyErrorResponse(adapter, stopped ? stopVaultError(stopped) : error, requestId, pathBelowProvider(req.url));
  } finally {
    ticket.release();
  }
}
