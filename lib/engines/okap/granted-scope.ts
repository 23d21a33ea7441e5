/** What one entry of a grant allows, as approved (money in µ$), and its limits in wire form. */
import type { Limits } from "@/lib/engines/okap/types";
import type { ProviderId } from "@/lib/engines/providers/registry";

export type ApprovedScope = {
  provider: ProviderId;
  providerKeyId: string;
  models: string[];
  capabilities: string[];
  monthlyCapMicros: bigint;
  dailyCapMicros: bigint | null;
  requestsPerMinute: number | null;
  requestsPerDay: number | null;
  maxTokensPerRequest: number | null;
};

/** The granted limits in wire form (µ$), only those that are set. */
export function scopeLimits(scope: {
  monthlyCapMicros: bigint | null;
  dailyCapMicros: bigint | null;
  requestsPerMinute: number | null;
  requestsPerDay: number | null;
  maxTokensPerRequest: number | null;
}): Limits {
  const limits: Limits = {};
  if (scope.monthlyCapMicros !== null) limits.monthly_spend = scope.monthlyCapMicros;
  if (scope.dailyCapMicros !== null) limits.daily_spend = scope.dailyCapMicros;
  if (scope.requestsPerMinute !== null) limits.requests_per_minute = scope.requestsPerMinute;
  if (scope.requestsPerDay !== null) limits.requests_per_day = scope.requestsPerDay;
  if (scope.maxTokensPerRequest !== null) limits.tokens_per_request = scope.maxTokensPerRequest;
  return limits;
}
