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

/** Capabilities the SDK of dialect A validates with a strict enum. */
export const CAPABILITIES_A = ["chat", "completions", "embeddings", "images", "audio", "moderation"] as const;
/** The draft's standard capabilities (dialect B). */
export const CAPABILITIES_B = ["chat", "embeddings", "images", "audio", "code", "vision"] as const;
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

export type OkapRequest = {
  dialect: OkapDialect;
  client: { name: string; url: string | null; callback: string | null };
  entries: RequestedEntry[];
};

/** A request as validated from the wire, plus how it was delivered (set by the endpoint). */
export type IncomingRequest = {
  request: OkapRequest;
  delivery: OkapDelivery;
  pkceChallenge?: string | null;
  state?: string | null;
};
