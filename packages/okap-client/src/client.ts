/**
 * A small OKAP client for app developers: ask a vault for access in either dialect and get the
 * token, by waiting on the connection, by polling (async extension), or by the browser redirect
 * with a one-time code and PKCE. Uses only fetch and Web Crypto (Node 20+, browsers, workers).
 *
 *   const okap = new OkapClient({ vaultUrl: "http://localhost:3000" });
 *   const grant = await okap.requestAccess({ provider: "openai", models: ["gpt-4o-mini"], app_name: "My app" });
 *   new OpenAI({ apiKey: grant.token, baseURL: grant.base_url });
 */
import { errorFromBody, OkapError, OkapTimeoutError } from "./errors";
import type { AccessRequestA, AuthorizationRequestB, GrantedB, GrantedTokenA, PendingRequest } from "./types";

export type OkapClientOptions = {
  vaultUrl: string;
  /** Longest silence between two bytes while waiting (the vault sends a space every 10 s). */
  readTimeoutMs?: number;
  fetch?: typeof fetch;
};

type CallOptions = { signal?: AbortSignal };
export type PollState = { status: "pending" | "slow_down"; interval: number } | { status: "granted"; body: Record<string, unknown> };

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

export class OkapClient {
  private readonly base: string;
  private readonly readTimeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(options: OkapClientOptions) {
    this.base = options.vaultUrl.replace(/\/+$/, "");
    this.readTimeoutMs = options.readTimeoutMs ?? 30_000;
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Dialect A: waits until the owner decides; resolves with the token, throws OkapDeniedError etc. */
  async requestAccess(request: AccessRequestA, options: CallOptions = {}): Promise<GrantedTokenA> {
    const body = await this.post("/okap/request", { okap: "1.0", ...request }, {}, options);
    if ((body as { approved?: unknown }).approved !== true) throw errorFromBody(200, body);
    return (body as { token: GrantedTokenA }).token;
  }

  /** Dialect B: several providers, one token; waits until the owner decides. */
  async authorize(request: AuthorizationRequestB, options: CallOptions = {}): Promise<GrantedB> {
    const body = await this.post("/okap/authorize", { okap: "1.0", ...request }, {}, options);
    if ((body as { status?: unknown }).status !== "granted") throw errorFromBody(200, body);
    return body as GrantedB;
  }

  /** [ext] Asks without waiting: show `approval_url` to the user, then `waitForApproval`. */
  async requestAsync(
    dialect: "a" | "b",
    request: AccessRequestA | AuthorizationRequestB,
    options: CallOptions = {},
  ): Promise<PendingRequest> {
    const path = dialect === "a" ? "/okap/request" : "/okap/authorize";
    return (await this.post(path, { okap: "1.0", ...request }, { prefer: "respond-async" }, options)) as PendingRequest;
  }

  /** [ext] One poll. Throws on denied, expired and already_claimed (410). */
  async poll(pending: Pick<PendingRequest, "poll_url" | "poll_secret" | "interval">, options: CallOptions = {}): Promise<PollState> {
    const response = await this.fetch(pending.poll_url, {
      headers: { authorization: `Bearer ${pending.poll_secret}` },
      signal: options.signal,
    });
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (response.status === 429 && body?.error === "slow_down")
      return { status: "slow_down", interval: Number(body.interval ?? pending.interval) };
    if (!response.ok || !body) throw errorFromBody(response.status, body);
    if (body.status === "pending") return { status: "pending", interval: Number(body.interval ?? pending.interval) };
    if (body.status === "granted" || body.approved === true) return { status: "granted", body };
    throw errorFromBody(response.status, body);
  }

  /** [ext] Polls at the interval the vault asks for until the decision; returns the granted body. */
  async waitForApproval(pending: PendingRequest, options: CallOptions = {}): Promise<Record<string, unknown>> {
    let interval = pending.interval;
    for (;;) {
      await sleep(interval * 1000, options.signal);
      const state = await this.poll(pending, options);
      if (state.status === "granted") return state.body;
      interval = state.status === "slow_down" ? state.interval + 1 : state.interval;
    }
  }

  /** [ext] The URL to send the user's browser to (browser redirect with PKCE, see createPkce). */
  authorizeUrl(request: AuthorizationRequestB, params: { codeChallenge: string; state?: string }): string {
    const json = new TextEncoder().encode(JSON.stringify({ okap: "1.0", ...request }));
    let bin = "";
    for (const b of json) bin += String.fromCharCode(b);
    const encoded = btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const query = new URLSearchParams({ request: encoded, code_challenge: params.codeChallenge, code_challenge_method: "S256" });
    if (params.state !== undefined) query.set("state", params.state);
    return `${this.base}/okap/authorize?${query}`;
  }

  /** [ext] Trades the one-time code from the callback (back-channel) for the token. */
  async redeemCode(code: string, codeVerifier: string, options: CallOptions = {}): Promise<GrantedB> {
    return (await this.post("/okap/token", { code, code_verifier: codeVerifier }, {}, options)) as GrantedB;
  }

  private async post(path: string, json: unknown, headers: Record<string, string>, options: CallOptions): Promise<Record<string, unknown>> {
    const abort = new AbortController();
    options.signal?.addEventListener("abort", () => abort.abort(options.signal!.reason), { once: true });
    const response = await this.fetch(this.base + path, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...headers },
      body: JSON.stringify(json),
      signal: abort.signal,
    });
    const text = await this.readWithTimeout(response, abort);
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      if (response.ok) throw new OkapError("invalid_response", "The vault's answer is not JSON.", response.status);
    }
    if (!response.ok) throw errorFromBody(response.status, body);
    return body!;
  }

  /** Reads the whole body, failing when no byte arrives within readTimeoutMs (like httpx's read timeout). */
  private async readWithTimeout(response: Response, abort: AbortController): Promise<string> {
    if (!response.body) return "";
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = "";
    for (;;) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new OkapTimeoutError(this.readTimeoutMs)), this.readTimeoutMs);
      });
      try {
        const { done, value } = await Promise.race([reader.read(), timeout]);
        if (done) return text + decoder.decode();
        text += decoder.decode(value, { stream: true });
      } catch (error) {
        abort.abort();
        throw error;
      } finally {
        clearTimeout(timer);
      }
    }
  }
}
