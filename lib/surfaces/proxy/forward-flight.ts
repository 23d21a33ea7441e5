/**
 * An admitted request (its hold is in the database) from the upstream call to its settlement. From
 * here on every path settles exactly once, saying how the request ended (RequestEnding: not sent,
 * no answer, refused, an error status, completed, or cut; a metered stream settles in its
 * `finally`). The request is tracked as live until then, so a revocation or shutdown can stop it.
 */
import type { PriceQuote } from "@/lib/engines/pricing/price-schedule";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import type { Endpoint, ProviderAdapter, RequestFacts } from "@/lib/engines/providers/types";
import { clientResponseHeaders, upstreamRequestHeaders } from "@/lib/surfaces/proxy/proxy-headers";
import type { LiveRequest } from "@/lib/surfaces/proxy/live-requests";
import { meteredStream } from "@/lib/surfaces/proxy/meter-stream";
import { buildUpstreamUrl } from "@/lib/surfaces/proxy/parse-proxy-path";
import type { ProxyRequest, ProxyResponse } from "@/lib/surfaces/proxy/proxy-types";
import { keyRedactor } from "@/lib/surfaces/proxy/redact-key";
import { sendUpstream, UpstreamError, type UpstreamExchange } from "@/lib/surfaces/proxy/send-upstream";
import { stopVaultError, type StopReason } from "@/lib/surfaces/proxy/stop-reason";
import type { LedgerStore, ScopeRecord } from "@/lib/engines/ledger/ledger-store";
import { decodedBody, readWholeBody } from "@/lib/surfaces/proxy/upstream-body";
import type { Reservation } from "@/lib/domain/spend/reserve-spend";
import { NOTHING_METERED, type RequestEnding } from "@/lib/domain/spend/request-ending";
import { settlementFor, settleSpend, type SpentRequest } from "@/lib/domain/spend/settle-spend";

export type Flight = {
  req: ProxyRequest;
  requestId: string;
  startedAtMs: number;
  /** Registered since the request arrived, admitted: it ends when the settlement is written. */
  live: LiveRequest;
  store: LedgerStore;
  adapter: ProviderAdapter;
  endpoint: Endpoint;
  path: string;
  query: URLSearchParams;
  root: string;
  secret: string;
  body: Buffer | null;
  /** The forwarded body's content type (the vault's re-serialization). */
  contentType: string | null;
  /** The forwarded body's length. */
  bodyBytes: number;
  scope: ScopeRecord;
  facts: RequestFacts | null;
  price: PriceQuote | null;
  reservation: Reservation;
  dropInjectedUsage: boolean;
  timeoutMs: number;
  idleTimeoutMs: number;
};

function limitHeaders(f: Flight): Record<string, string> {
  const limit = f.reservation.outputLimit;
  return limit ? { "x-okap-max-tokens": String(limit.tokens), "x-okap-max-tokens-reason": limit.reason } : {};
}

export async function forwardFlight(f: Flight): Promise<ProxyResponse> {
  const { stopper } = f.live;
  const spent: SpentRequest = {
    holdId: f.requestId,
    holdMicros: f.reservation.amountMicros,
    price: f.price,
    facts: f.facts,
    bodyBytes: f.bodyBytes,
    startedAtMs: f.startedAtMs,
  };
  let settleOnce: Promise<void> | null = null;
  const settle = (ending: RequestEnding): Promise<void> =>
    (settleOnce ??= settleSpend(f.store, settlementFor(spent, ending, Date.now())).finally(() => f.live.end()));

  const onClientGone = () => stopper.stop("client_abort");
  if (f.req.signal.aborted) onClientGone();
  f.req.signal.addEventListener("abort", onClientGone, { once: true });

  let exchange: UpstreamExchange;
  try {
    exchange = await sendUpstream({
      url: buildUpstreamUrl(f.root, f.path, f.query, f.adapter.queryParams),
      method: f.endpoint.method,
      headers: upstreamRequestHeaders(
        f.adapter,
        f.req.headers,
        f.secret,
        f.body ? f.body.length : null,
        f.contentType ?? false,
        f.endpoint,
      ),
      body: f.body,
      timeoutMs: f.timeoutMs,
      signal: stopper.signal, // stopped before the answer (also while still being admitted): nothing is sent
    });
  } catch (error) {
    const failure = error instanceof UpstreamError ? error : new UpstreamError("reset", true, String(error));
    const reason: StopReason = stopper.reason ?? (failure.kind === "timeout" ? "timeout" : "upstream_reset");
    await settle({ kind: failure.sent ? "no_answer" : "not_sent", reason });
    if (!stopper.reason && failure.kind === "connect")
      throw new VaultError("upstream_error", "The vault could not connect to the provider.");
    if (!stopper.reason && failure.kind === "timeout" && !failure.sent)
      throw new VaultError(
        "upstream_timeout",
        "No connection to the provider was free in time (VAULT_UPSTREAM_MAX_SOCKETS). The request was not sent and is not charged.",
        { retryAfterSeconds: 1 },
      );
    throw stopVaultError(reason);
  }
  stopper.attach(exchange.abort);
  const response = exchange.response;
  const status = response.statusCode ?? 502;
  const ttfbMs = Date.now() - f.startedAtMs;
  const meter = f.adapter.newMeter(f.endpoint);

  if (status === 401 || status === 403 || (status >= 300 && status < 400)) {
    response.resume(); // never pass an auth failure's body (it may quote the key), never follow a redirect
    await settle({ kind: "refused", status, ttfbMs });
    throw status >= 400
      ? new VaultError("upstream_auth_failed", "The provider rejected the vault's key for this grant. The vault owner must check it.")
      : new VaultError("upstream_error", "The provider answered with a redirect, which the vault does not follow.");
  }
  const headers = { ...clientResponseHeaders(f.adapter, response.headers, f.requestId), ...limitHeaders(f) };
  const redact = keyRedactor(f.secret);
  // The adapter knows how its streams are framed (SSE, a JSON array); null: a whole body.
  const framing = status < 300 ? f.adapter.streamFraming(f.endpoint, String(response.headers["content-type"] ?? "")) : null;

  if (framing) {
    let firstByteMs: number | null = null;
    const body = meteredStream({
      requestId: f.requestId,
      body: decodedBody(response),
      adapter: f.adapter,
      framing,
      meter,
      dropInjectedUsage: f.dropInjectedUsage,
      redact,
      idleTimeoutMs: f.idleTimeoutMs,
      stopper,
      onFirstByte: () => (firstByteMs ??= Date.now() - f.startedAtMs),
      finish: async (stopped) => {
        f.req.signal.removeEventListener("abort", onClientGone);
        const result = meter.result();
        await settle(
          stopped
            ? { kind: "cut", status, reason: stopped, meter: result, ttfbMs: firstByteMs }
            : { kind: "completed", status, meter: result, ttfbMs: firstByteMs },
        );
      },
    });
    // Reverse proxies (nginx) must pass events on as they come, not collect them.
    return { status, headers: { ...headers, "x-accel-buffering": "no" }, body };
  }

  let bytes: Buffer;
  try {
    bytes = await readWholeBody(decodedBody(response), f.idleTimeoutMs, (r) => stopper.stop(r));
  } catch (error) {
    const reason = stopper.reason ?? "upstream_reset";
    await settle({ kind: "cut", status, reason, meter: NOTHING_METERED, ttfbMs });
    throw error instanceof VaultError ? error : stopVaultError(reason);
  } finally {
    f.req.signal.removeEventListener("abort", onClientGone);
  }
  if (/json/i.test(String(response.headers["content-type"] ?? ""))) {
    try {
      meter.onBody(JSON.parse(bytes.toString("utf8")));
    } catch {
      // not JSON after all: nothing to meter
    }
  }
  const result = meter.result();
  const ending: RequestEnding =
    status >= 400 ? { kind: "upstream_error", status, meter: result, ttfbMs } : { kind: "completed", status, meter: result, ttfbMs };
  const out = redact(bytes);
  return {
    status,
    headers: { ...headers, "content-length": String(out.length) },
    body: out,
    after: () => settle(ending),
  };
}
