/**
 * The interface every provider adapter implements: data plus small pure functions. lib/surfaces/proxy
 * calls only these; no code outside a provider's folder asks which provider it is talking to. An
 * adapter owns where its API keeps things: the model and the stream flag (a body field, or the path
 * and query), the output bound (dotted body paths), the token (headers, query parameters), the
 * stream's framing (SSE, a JSON array) and its usage. Imports neither Next.js nor Prisma.
 */
import type { VaultError } from "@/lib/foundation/errors/vault-error";
import type { SseEvent } from "@/lib/foundation/sse/parse-sse-event";
import type { Body } from "@/lib/engines/providers/body-paths";
import type { Capability } from "@/lib/engines/providers/capabilities";

export type Headers = Readonly<Record<string, string | string[] | undefined>>;

/**
 * How the vault can bound and price an endpoint's cost:
 * - tokens: input and output tokens (chat, responses, completions, messages)
 * - input: input tokens only (embeddings)
 * - free: the provider does not charge (model lists, moderations, token counting)
 * - unpriced: priced per image / per second; only allowed on grant entries without a spend cap
 */
export type Metering = "tokens" | "input" | "free" | "unpriced";

export type Endpoint<Usage extends string = string> = {
  /**
   * Path template relative to the provider root: "chat/completions", "models/{id}" (a whole segment),
   * "v1beta/models/{model}:generateContent" (part of one). See match-endpoint.ts.
   */
  readonly name: string;
  readonly method: "GET" | "POST";
  /** What the grant entry must allow; null = any valid token (model lists). */
  readonly capability: Capability | null;
  readonly metering: Metering;
  /** "json": the body is parsed, checked and re-serialized; "multipart": a form, parsed and re-serialized (lib/surfaces/proxy/read-form-body.ts). */
  readonly body: "json" | "multipart" | "none";
  /** Dotted body paths that bound the output tokens, most preferred first. */
  readonly maxTokensFields?: readonly string[];
  /** Which of its adapter's usage rules apply to the response (names the adapter defines). */
  readonly usage?: Usage;
};

/** An endpoint a request matched: its table entry, what the template captured, and the path to forward. */
export type MatchedEndpoint = Endpoint & {
  /** Path parameters by name (`{model}` -> params.model). */
  readonly params: Readonly<Record<string, string>>;
  /** The path relative to the upstream root (the client's path, unless the adapter maps it). */
  readonly upstreamPath: string;
};

/** A file of a multipart/form-data request. */
export type RequestFile = { readonly field: string; readonly name: string; readonly type: string; readonly bytes: Buffer };

/** A request with a JSON body (or a multipart/form-data one: its text fields, and its files) as an adapter sees it. */
export type ProviderRequest = {
  readonly endpoint: MatchedEndpoint;
  readonly query: URLSearchParams;
  readonly headers: Headers;
  /** The checked JSON object, or a form's text fields (strings); never changed: rewrites return a copy. */
  readonly body: Body;
  /** A form's files (absent for JSON bodies). */
  readonly files?: readonly RequestFile[];
};

/** Where a request says something: a dotted path into its JSON body, or a function of the whole request. */
export type RequestField = string | ((request: ProviderRequest) => unknown);

/** Token counts, normalised across providers. Subsets are marked. */
export type TokenUsage = {
  /** Every input token, including cache reads and cache writes. */
  inputTokens: number;
  /** Every output token, including reasoning tokens. */
  outputTokens: number;
  /** Subset of inputTokens read from the prompt cache. */
  cacheReadTokens: number;
  /** Subset of inputTokens written to the prompt cache (5-minute and 1-hour writes). */
  cacheWriteTokens: number;
  /** Subset of cacheWriteTokens written with the 1-hour TTL. */
  cacheWrite1hTokens: number;
  /** Subset of outputTokens spent on reasoning. */
  reasoningTokens: number;
  /** Subset of inputTokens (uncached) that were audio, where the provider says so (OpenAI-style usage). */
  inputAudioTokens?: number;
  /** Subset of outputTokens that were audio. */
  outputAudioTokens?: number;
  /** Subset of inputTokens (uncached, not audio) that were images, where the provider says so (OpenAI's image models). */
  inputImageTokens?: number;
  /** Subset of outputTokens that were images (OpenAI's image models, Gemini's image output). */
  outputImageTokens?: number;
};

export const ZERO_USAGE: Readonly<TokenUsage> = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  cacheWrite1hTokens: 0,
  reasoningTokens: 0,
});

/** What the metering copy of a response learned. */
export type MeterResult = {
  /** null = the provider never reported usage (cut stream, client abort): estimate it. */
  usage: TokenUsage | null;
  /** The usage is final (false: partial counts, e.g. Anthropic's input before the stream was cut). */
  complete: boolean;
  /** The provider signalled an error (an error event mid-stream, an error body). */
  failed: boolean;
  /** Characters of generated text seen so far, for an estimate when usage is missing. */
  outputChars: number;
  /** The response carried reasoning (thinking deltas, reasoning summaries): its hidden part cannot be estimated. */
  sawReasoning: boolean;
  /** An event too large to parse went by unread: later usage may have been in it. */
  lostEvents: boolean;
};

export interface UsageMeter {
  /** One event of a streamed response (an SSE event, or a JSON array element as a "message" event). */
  onEvent(event: SseEvent, json: unknown): void;
  /** The parsed body of a non-streamed response. */
  onBody(json: unknown): void;
  /** A streamed event went by that could not be parsed (larger than the framing's limit). */
  onLostEvent(): void;
  result(): MeterResult;
}

/** Facts read from a checked request body, and how to rewrite it. */
export type BodyFacts = {
  model: string | null;
  stream: boolean;
  /** The client's own output bound (the least of max_tokens and friends), if any. */
  maxOutputTokens: number | null;
  /**
   * The dotted body paths an output bound is written to: every bound field the client sent, plus
   * the provider's own when the client sent none it honours. Empty: the endpoint has no output bound.
   */
  outputLimitFields: readonly string[];
  /** How many outputs of up to the bound each the request asks for (`n`, `best_of`, prompts, candidates). */
  outputMultiplier: number;
  /** What the attachments (images, audio, files) add to the input bound. */
  attachmentTokens: number;
  /**
   * The input bound when the adapter knows it exactly, replacing the bytes bound (a per-second
   * model's input counted in seconds: the duration read from the audio file's header).
   */
  knownInputTokens?: number;
  /**
   * The output is not text the vault can count (audio bytes, images): an answer that reports no
   * usage is charged at the output bound.
   */
  outputUnseen?: boolean;
  /** The client asked for streamed usage itself (OpenAI `stream_options.include_usage`). */
  clientWantsStreamUsage: boolean;
  /**
   * The model may reason before it answers (the request asks for it, or the model reasons by
   * default): tokens the client never sees, so a cut stream cannot be estimated from its text.
   */
  reasoning: boolean;
};

/** The body facts plus the input bound, measured on the body the vault forwards. */
export type RequestFacts = BodyFacts & {
  /** An upper bound on the input tokens: the forwarded body's bytes plus its attachments. */
  inputTokensBound: number;
};

export type BodyRewrite = {
  /** Write this output bound into every field of `facts.outputLimitFields`. */
  maxOutputTokens?: number;
  /** Ask for streamed usage (OpenAI `stream_options.include_usage`). */
  requestStreamUsage?: boolean;
};

export type VaultErrorShape = {
  type: string;
  message: string;
  requestId: string;
  /** The request field at fault, when there is one (OpenAI's envelope calls it `param`). */
  field?: string;
};

/**
 * One piece of a streamed body: a complete event (metered), or bytes around events (separators,
 * an event too large to read, which is `oversize`: whoever meters the stream has lost it).
 */
export type StreamSegment = { bytes: Buffer; complete: boolean; oversize?: true };

/**
 * How one streamed response is cut into events: SSE (LF or CRLF), a JSON array, ... Stateful, one
 * per response (lib/engines/providers/stream-framing.ts builds them). The proxy passes every segment
 * on, meters the complete ones, and ends a cut stream with `errorTail`.
 */
export interface StreamFraming {
  /** The segments of a chunk: every byte lands in exactly one, in order; an unfinished event is kept. */
  push(chunk: Buffer): StreamSegment[];
  /** What is left when the stream ends (an event without its terminator). */
  flush(): StreamSegment | null;
  /** The event in a segment's bytes (null: none, e.g. an SSE comment). */
  parse(bytes: Buffer): SseEvent | null;
  /** Bytes that end the stream with an error in the provider's format, after every segment pushed so far. */
  errorTail(error: VaultErrorShape): Buffer;
}

/** What an adapter factory learns besides its own row: what the whole registry knows. */
export type AdapterContext = {
  /** Model names that reason by default, on any host (every row's `reasoningModels`, and names that say so). */
  readonly reasoningModels: readonly RegExp[];
};

export type AdapterFactory = (info: ProviderInfo, context: AdapterContext) => ProviderAdapter;

/** One provider, as data (a row of lib/engines/providers/registry.ts). */
export type ProviderInfo = {
  readonly id: string;
  readonly name: string;
  /** Upstream API root the proxy forwards to; the owner may override it (settings or env). */
  readonly defaultUpstream: string;
  /**
   * Endings an upstream root named before this provider's root moved up (Google's used to be its
   * OpenAI-compatible endpoint, `.../v1beta/openai`): a configured root ending so is read without it.
   */
  readonly legacyUpstreamSuffixes?: readonly string[];
  /** Builds this provider's adapter (its dialect's folder). */
  readonly adapter: AdapterFactory;
  /** False for providers that work without a key (a local Ollama). */
  readonly requiresKey: boolean;
  /** Shown as the placeholder of the key field. */
  readonly keyHint: string;
  /** Provider id in the bundled price catalogue (@pydantic/genai-prices); null = no catalogue prices. */
  readonly priceCatalogueId: string | null;
  /** Headers besides `Authorization: Bearer` in which this provider's SDKs send the key. */
  readonly tokenHeaders?: readonly string[];
  /** Query parameter in which this provider's SDKs may send the key (Google's `?key=`). */
  readonly tokenQueryParam?: string;
  /**
   * The chat output-bound fields the provider honours (OpenAI-style providers), its own first: the
   * vault writes that one when the client sent none of these (default: `max_tokens` only). OpenAI
   * honours both and refuses a request that sets both, so a client's `max_tokens` is kept alone.
   */
  readonly chatMaxTokensFields?: readonly ("max_tokens" | "max_completion_tokens")[];
  /** Body fields never forwarded: they would bypass the grant's checks (lib/engines/providers/cost-bounds.ts). */
  readonly refusedFields?: readonly string[];
  /** Body fields (dotted paths) refused on capped grants: provider-side features the vault cannot bound the cost of. */
  readonly cappedRefusedFields?: readonly string[];
  /**
   * Names of this provider's own models that reason by default, whatever the request says (matched
   * against the name after any vendor prefix, lower case). Every host checks every row's patterns:
   * OpenRouter, Together or Ollama serve these models under the same names.
   */
  readonly reasoningModels?: readonly RegExp[];
  /** Dotted paths besides `usage` where this provider's stream chunks carry usage (Groq: `x_groq.usage`). */
  readonly streamUsagePaths?: readonly string[];
  /** Usage fields besides `prompt_tokens_details.cached_tokens` that count cache reads (DeepSeek's `prompt_cache_hit_tokens`). */
  readonly cacheReadUsageFields?: readonly string[];
};

export interface ProviderAdapter {
  readonly info: ProviderInfo;
  /** The vault token from wherever this provider's SDK sends its key, or null. */
  tokenFrom(headers: Headers, query: URLSearchParams): string | null;
  /** Request headers that may carry the token (lower case): never forwarded, whatever `requestHeaders` says. */
  readonly tokenHeaders: readonly string[];
  /** Query parameters that may carry the token: never forwarded, whatever `queryParams` says. */
  readonly tokenQueryParams: readonly string[];
  /** Headers that carry the master key upstream (empty for keyless providers), for the endpoint called. */
  authHeaders(secret: string, endpoint?: Endpoint): Record<string, string>;
  /** The endpoint a relative path maps to (default deny: null). */
  endpoint(method: string, path: string): MatchedEndpoint | null;
  /** Request header names forwarded upstream (lower case); names ending in "*" are prefixes. */
  readonly requestHeaders: readonly string[];
  /** Response header names passed back to the client (lower case; "*" suffix = prefix). */
  readonly responseHeaders: readonly string[];
  /** Query parameters forwarded upstream. */
  readonly queryParams: readonly string[];
  /** Throws a 400 VaultError for a malformed bound (`max_tokens: "5"`). */
  requestFacts(request: ProviderRequest): BodyFacts;
  /** The body to forward: `request.body` with the rewrite applied (a copy). */
  rewriteBody(request: ProviderRequest, facts: BodyFacts, rewrite: BodyRewrite): Body;
  /**
   * Why the vault will not forward this body (lib/engines/providers/cost-bounds.ts): features whose cost it
   * cannot bound, when the grant entry has a spend cap (`capped`), and fields it never forwards.
   */
  refusal(request: ProviderRequest, capped: boolean): VaultError | null;
  newMeter(endpoint: Endpoint): UsageMeter;
  /** How a successful response with this content type streams (null: it is a whole body). */
  streamFraming(endpoint: Endpoint, contentType: string): StreamFraming | null;
  /** True for a streamed event the client must not see (the usage chunk the vault asked for). */
  isInjectedUsageEvent(event: SseEvent, json: unknown): boolean;
  /**
   * The provider's error envelope around a vault error. `path` is the request's path below the
   * provider root, when known: a provider that speaks two APIs answers in the envelope of the path's.
   */
  errorBody(error: VaultErrorShape, path?: string): unknown;
}
