/**
 * What a grant entry may be used for, as the proxy enforces it: every endpoint needs one of these
 * (or none: model lists). OKAP dialect A validates requested capabilities against exactly this list;
 * dialect B's draft names (lib/engines/okap/types.ts) overlap with it.
 */
export const CAPABILITIES = ["chat", "completions", "embeddings", "images", "audio", "moderation"] as const;

export type Capability = (typeof CAPABILITIES)[number];
