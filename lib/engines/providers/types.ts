/**
 * The interface every provider adapter implements: data plus small pure functions. lib/surfaces/proxy calls
 * only these; no code outside a provider's folder asks which provider it is talking to.
 * Imports neither Next.js nor Prisma.
 */
import type { VaultError } from "@/lib/foundation/errors/vault-error";
import type { SseEvent } from "@/lib/foundation/sse/parse-sse-event";
import type { ProviderInfo } from "@/lib/engines/providers/registry";

/** Capabilities a grant entry can hold; `null` on an endpoint = any valid token (model lists). */
export type Capability = "chat" | "completions" | "embeddings" | "images" | "audio" | "moderation";

/**
 * How the vault can bound and price an endpoint's cost:
 * - tokens: input and output tokens (chat, responses, completions, messages)
 * - input: input tokens only (embeddings)
 * - free: the provider does not charge (model lists, moderations, token counting)
 * - unpriced: priced per image / per second; only allowed on grant entries without a spend cap
 */
export type Metering = "tokens" | "input" | "free" | "unpriced";

export type Endpoint = {
  /** Path template relative to the provider root, e.g. "chat/completions", "models/{id}". */
  readonly name: string;
  readonly method: "GET" | "POST";
  readonly capability: Capability | null;
  readonly metering: Metering;
  /** "json": the body is parsed, checked and re-serialized; "multipart": forwarded as received. */
  readonly body: "json" | "multipart" | "none";
  /** Request fields that bound the output tokens, most preferred first. */
  readonly maxTokensFields?: readonly string[];
  /** Which usage rules apply to the response. */
  readonly usage?: "chat" | "responses" | "completions" | "embeddings" | "messages";
};

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
  /** One decoded SSE event of a streamed response. */
  onEvent(event: SseEvent, json: unknown): void;
  /** The parsed body of a non-streamed response. */
  onBody(json: unknown): void;
  /** A streamed event went by that could not be parsed (larger than the splitter's limit). */
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
   * The fields an output bound is written to: every bound field the client sent, plus the
   * provider's own when the client sent none it honours. Empty: the endpoint has no output bound.
   */
  outputLimitFields: readonly string[];
  /** How many outputs of up to the bound each the request asks for (`n`, `best_of`, prompts). */
  outputMultiplier: number;
  /** What the attachments (images, audio, files) add to the input bound. */
  attachmentTokens: number;
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

export interface ProviderAdapter {
  readonly info: ProviderInfo;
  /** The vault token from wherever this provider's SDK sends its key, or null. */
  tokenFrom(headers: Readonly<Record<string, string | string[] | undefined>>, query: URLSearchParams): string | null;
  /** Headers that carry the master key upstream (empty for keyless providers). */
  authHeaders(secret: string): Record<string, string>;
  /** The endpoint a relative path maps to (default deny: null). */
  endpoint(method: string, path: string): Endpoint | null;
  /** Request header names forwarded upstream (lower case); names ending in "*" are prefixes. */
  readonly requestHeaders: readonly string[];
  /** Response header names passed back to the client (lower case; "*" suffix = prefix). */
  readonly responseHeaders: readonly string[];
  /** Query parameters forwarded upstream. */
  readonly queryParams: readonly string[];
  /** Throws a 400 VaultError for a malformed bound (`max_tokens: "5"`). */
  requestFacts(endpoint: Endpoint, body: Record<string, unknown>): BodyFacts;
  rewriteBody(endpoint: Endpoint, body: Record<string, unknown>, facts: BodyFacts, rewrite: BodyRewrite): Record<string, unknown>;
  /**
   * Why the vault will not forward this body (lib/engines/providers/cost-bounds.ts): features whose cost it
   * cannot bound, when the grant entry has a spend cap (`capped`), and fields it never forwards.
   */
  refusal(
    endpoint: Endpoint,
    body: Record<string, unknown>,
    headers: Readonly<Record<string, string | string[] | undefined>>,
    capped: boolean,
  ): VaultError | null;
  newMeter(endpoint: Endpoint): UsageMeter;
  /** True for a streamed event the client must not see (the usage chunk the vault asked for). */
  isInjectedUsageEvent(event: SseEvent, json: unknown): boolean;
  /** The provider's error envelope around a vault error. */
  errorBody(error: VaultErrorShape): unknown;
  /** An SSE error event in the provider's format, to end a stream the vault cuts. */
  streamErrorEvent(error: VaultErrorShape): string;
}
