/**
 * A budget for the request bodies the proxy holds at once (read, parsed, re-serialised, sent): each
 * large body costs a few times its size in memory while it is in flight, and nothing else bounds how
 * many arrive together. A body is charged its declared length up front (so a flood of large bodies is
 * refused before it is read), then whatever it turns out to be beyond that, and released when the
 * request has been handed to the provider (or refused). Beyond the budget the request gets 503
 * vault_unavailable with retry-after: 1; one body alone is always let through (the per-body limit,
 * 32 MiB, still applies).
 */
import { env } from "@/lib/foundation/env";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { singleton } from "@/lib/foundation/runtime/singleton";

type Budget = { limit: number; used: number };

function budget(): Budget {
  return singleton<Budget>("proxy-body-budget", () => {
    let limit = 256 * 1024 * 1024;
    try {
      limit = env().bodyBytesInFlight;
    } catch {
      // unit tests without an environment keep the default
    }
    return { limit, used: 0 };
  });
}

export function bodyBytesInFlight(): number {
  return budget().used;
}

/** What one request has taken from the budget; release() gives it all back (idempotent). */
export class BodyTicket {
  private taken = 0;

  /** Makes sure `bytes` in total are charged to this request; throws 503 when the budget cannot cover them. */
  cover(bytes: number): void {
    if (bytes <= this.taken) return;
    const b = budget();
    const more = bytes - this.taken;
    if (b.used > this.taken && b.used + more > b.limit)
      throw new VaultError("vault_unavailable", "The vault is holding too many request bodies right now. Retry shortly.", {
        retryAfterSeconds: 1,
      });
    b.used += more;
    this.taken = bytes;
  }

  release(): void {
    budget().used -= this.taken;
    this.taken = 0;
  }
}
