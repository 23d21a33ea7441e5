/**
 * How long a hold lasts before any instance's sweeper may settle it at its full amount: a minute
 * (HOLD_SLACK_MS) after the longest request time (VAULT_UPSTREAM_TIMEOUT_MS), counted from the
 * admission, or from the last renewal while the request is still running on its instance
 * (lib/surfaces/proxy/live-requests.ts renews the holds of requests that outlive the longest request time).
 */
export const HOLD_SLACK_MS = 60_000;

export function holdLifetimeMs(upstreamTimeoutMs: number): number {
  return upstreamTimeoutMs + HOLD_SLACK_MS;
}
