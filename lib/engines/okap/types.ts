/**
 * The vault's own, dialect-neutral form of an OKAP access request. Both wire dialects
 * (lib/engines/okap/parse-dialect-a.ts and parse-dialect-b.ts) are validated into it; it is what is stored
 * (lib/engines/okap/stored-request.ts), shown on the approval page and intersected with the owner's choices.
 */
import type { ProviderId } from "@/lib/engines/providers/registry";

export const OKAP_VERSION = "1.0";

/** a = POST /okap/request (the published `okap` SDK); b = POST /okap/authorize (the OKAP v1.0 draft). */
export type OkapDialect = "a" | "b";
/** How the app learns the decision: the held connection, polling, or a browser redirect with a code. */
export type OkapDelivery = "wait" | "async" | "redirect";

/**
 * The draft's standard capability names (dialect B). `code` and `vision` name no endpoint of their
 * own: a grant may hold them, and chat endpoints still need `chat`. Dialect A (the published SDK's
 * strict enum) validates against the proxy's own list, lib/engines/providers/capabilities.ts.
 */
export const DRAFT_CAPABILITIES = ["chat", "embeddings", "images", "audio", "code", "vision"] as const;
/** Granted when a request names no capability: chat only, never "everything". */
export const DEFAULT_CAPABILITIES = ["chat"] as const;

/** Wire names of the limits; money in µ$ here, dollars on the wire. */
export type Limits = {
  monthly_spend?: bigint;
  daily_spend?: bigint;
  requests_per_minute?: number;
  requests_per_day?: number;
  tokens_per_request?: number;
};

export type RequestedEntry = {
  provider: ProviderId;
  /** [] = every model, including future ones. */
  models: string[];
  capabilities: string[];
  limits: Limits;
  expires: Date | null;
  reason: string | null;
};

/** HTTP methods an api_access entry may name; read-only = GET, HEAD, OPTIONS. */
export const API_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] as const;
export const READ_ONLY_METHODS = ["GET", "HEAD", "OPTIONS"] as const;

export type ApiLimits = { requests_per_minute?: number; requests_per_day?: number };

/**
 * An api_access entry (the credential proxy): hosts as `host` or `host:port` (lower case), or
 * exactly ["*"] for a wildcard grant whose hosts are approved on demand; credential names ([] =
 * whichever of the owner's credentials are bound to the hosts); methods ([] = every method).
 */
export type RequestedApiEntry = {
  hosts: string[];
  credentials: string[];
  methods: string[];
  limits: ApiLimits;
  expires: Date | null;
  reason: string | null;
};

export type OkapRequest = {
  dialect: OkapDialect;
  client: { name: string; url: string | null; callback: string | null };
  /** ai_model_access entries (dialect A always has exactly one). */
  entries: RequestedEntry[];
  /** api_access entries (dialect B only). */
  apiEntries: RequestedApiEntry[];
  /** Set on a request the vault made itself to extend a wildcard grant with one host (on demand). */
  extendsGrant?: { grantId: string; scopeId: string; host: string; credentials: string[] } | null;
};

/** A request as validated from the wire, plus how it was delivered (set by the endpoint). */
export type IncomingRequest = {
  request: OkapRequest;
  delivery: OkapDelivery;
  pkceChallenge?: string | null;
  state?: string | null;
};
