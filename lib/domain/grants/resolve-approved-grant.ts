/**
 * What a grant may do = what the app asked for ∩ what the owner chose ∩ the vault's defaults for
 * anything left open. Pure: the approval operations (person, CLI, auto-approve policy) call it and
 * store the result. A choice can only tighten a requested value; a value nobody requested gets the
 * owner's choice or the default, so a grant always has a monthly cap and an expiry. Of a request
 * for several providers the owner may leave some out (at least one stays: otherwise, deny).
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { MAX_EXPIRY_DAYS } from "@/lib/engines/okap/fields";
import { type Limits, type OkapRequest, type RequestedEntry } from "@/lib/engines/okap/types";
import type { ApprovedScope } from "@/lib/engines/okap/granted-scope";
import type { GrantDefaults } from "@/lib/domain/grants/grant-defaults";
import {
  resolveApiScope,
  type ApiEntryChoice,
  type ApprovedApiScope,
  type CredentialCandidate,
} from "@/lib/domain/grants/resolve-api-scopes";

export type EntryChoice = {
  excluded?: boolean;
  providerKeyId?: string | null;
  models?: string[] | null;
  capabilities?: string[] | null;
  limits?: Limits;
};

export type ApprovalChoices = {
  entries: Partial<Record<string, EntryChoice>>;
  /** By position in the request's api_access entries. */
  apiEntries?: Partial<Record<number, ApiEntryChoice>>;
  expiresAt?: Date | null;
};

export type ApprovedGrant = { scopes: ApprovedScope[]; apiScopes: ApprovedApiScope[]; expiresAt: Date };

function invalid(message: string, field: string): never {
  throw new VaultError("invalid_request", message, { field });
}

function tighten<T extends bigint | number>(requested: T | undefined, chosen: T | undefined, fallback: T | null): T | null {
  if (requested !== undefined && chosen !== undefined) return chosen < requested ? chosen : requested;
  return requested ?? chosen ?? fallback;
}

function resolveModels(entry: RequestedEntry, chosen: string[] | null | undefined): string[] {
  if (!chosen || chosen.length === 0) return entry.models;
  if (entry.models.length === 0) return [...new Set(chosen)];
  const kept = entry.models.filter((m) => chosen.includes(m));
  if (kept.length === 0) invalid(`pick at least one of the models ${entry.provider} access was requested for`, `${entry.provider}.models`);
  return kept;
}

function resolveScope(entry: RequestedEntry, choice: EntryChoice, defaults: GrantDefaults, keyIds: string[]): ApprovedScope {
  if (keyIds.length === 0) throw new VaultError("provider_not_configured", `No ${entry.provider} key is stored in the vault any more.`);
  const providerKeyId = choice.providerKeyId ?? keyIds[0]!;
  if (!keyIds.includes(providerKeyId)) invalid(`that is not one of your ${entry.provider} keys`, `${entry.provider}.provider_key_id`);
  const capabilities = choice.capabilities?.length
    ? entry.capabilities.filter((c) => choice.capabilities!.includes(c))
    : entry.capabilities;
  if (capabilities.length === 0)
    invalid(`pick at least one of the requested capabilities for ${entry.provider}`, `${entry.provider}.capabilities`);
  const r = entry.limits;
  const c = choice.limits ?? {};
  return {
    provider: entry.provider,
    providerKeyId,
    models: resolveModels(entry, choice.models),
    capabilities,
    monthlyCapMicros: tighten(r.monthly_spend, c.monthly_spend, defaults.monthlySpendMicros)!,
    dailyCapMicros: tighten(r.daily_spend, c.daily_spend, defaults.dailySpendMicros),
    requestsPerMinute: tighten(r.requests_per_minute, c.requests_per_minute, defaults.requestsPerMinute),
    requestsPerDay: tighten(r.requests_per_day, c.requests_per_day, null),
    maxTokensPerRequest: tighten(r.tokens_per_request, c.tokens_per_request, null),
  };
}

/** The earliest expiry any entry asked for, or the default when none did; a choice may shorten it. */
function resolveExpiry(request: OkapRequest, chosen: Date | null | undefined, defaults: GrantDefaults, now: Date): Date {
  const asked = [...request.entries, ...request.apiEntries].map((e) => e.expires?.getTime()).filter((t): t is number => t !== undefined);
  const requested = asked.length ? Math.min(...asked) : undefined;
  if (chosen) {
    if (chosen.getTime() <= now.getTime()) invalid("the expiry must be in the future", "expires_at");
    if (chosen.getTime() > now.getTime() + MAX_EXPIRY_DAYS * 86_400_000)
      invalid(`the expiry must be within ${MAX_EXPIRY_DAYS / 365} years`, "expires_at");
  }
  const at = tighten(requested, chosen?.getTime(), now.getTime() + defaults.expiresInDays * 86_400_000)!;
  if (at <= now.getTime())
    invalid("the expiry the app asked for has already passed; deny the request and let the app ask again", "expires_at");
  return new Date(at);
}

export function resolveApprovedGrant(
  request: OkapRequest,
  choices: ApprovalChoices,
  defaults: GrantDefaults,
  keyIdsByProvider: ReadonlyMap<string, string[]>,
  now: Date,
  credentials: readonly CredentialCandidate[] = [],
): ApprovedGrant {
  for (const provider of Object.keys(choices.entries)) {
    if (!request.entries.some((e) => e.provider === provider)) invalid(`${provider} was not requested`, "entries");
  }
  const apiChoices = choices.apiEntries ?? {};
  for (const index of Object.keys(apiChoices)) {
    if (!request.apiEntries[Number(index)]) invalid(`api_access entry ${index} was not requested`, "api_entries");
  }
  const kept = request.entries.filter((e) => !choices.entries[e.provider]?.excluded);
  const keptApi = request.apiEntries.map((e, i) => ({ e, i })).filter(({ i }) => !apiChoices[i]?.excluded);
  if (kept.length + keptApi.length === 0)
    invalid("leave at least one provider (or API entry) in the grant, or deny the request", "entries");
  return {
    scopes: kept.map((e) => resolveScope(e, choices.entries[e.provider] ?? {}, defaults, keyIdsByProvider.get(e.provider) ?? [])),
    apiScopes: keptApi.map(({ e, i }) => resolveApiScope(e, apiChoices[i] ?? {}, defaults, credentials, `api_entries.${i}`)),
    expiresAt: resolveExpiry({ ...request, entries: kept, apiEntries: keptApi.map(({ e }) => e) }, choices.expiresAt, defaults, now),
  };
}
