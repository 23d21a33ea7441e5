/**
 * The published SDK's situation (docs/okap-protocol.md, "Waiting for a decision"): an HTTP client with a strict 30 s read
 * timeout (time between bytes, like httpx) asks in dialect A, and the owner approves after MORE than
 * 30 s. The vault's keepalive spaces must carry the connection; the final body must pass the SDK's
 * strict validation. The one deliberately long test (~36 s); both databases run side by side.
 */
import http from "node:http";
import { describe, expect, it } from "vitest";
import { DATABASES, PG_SKIP_REASON } from "@/test/support/databases";
import { grantedA } from "@/test/support/okap-schemas";
import { sleep, startOkapVault } from "@/test/support/okap-vault";

const READ_TIMEOUT_MS = 30_000;
const APPROVE_AFTER_MS = 35_000;

type Received = { status: number; contentType: string | undefined; headersAfterMs: number; chunks: { atMs: number; text: string }[] };

/** Like httpx with timeout=30: the socket may stay silent at most 30 s, or the request fails. */
function strictClient(url: string, body: unknown): Promise<Received> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const req = http.request(url, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      const received: Received = {
        status: res.statusCode!,
        contentType: res.headers["content-type"],
        headersAfterMs: Date.now() - started,
        chunks: [],
      };
      res.setEncoding("utf8");
      res.on("data", (text: string) => received.chunks.push({ atMs: Date.now() - started, text }));
      res.on("end", () => resolve(received));
      res.on("error", reject);
    });
    req.setTimeout(READ_TIMEOUT_MS, () => req.destroy(new Error(`read timeout: no byte for ${READ_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

describe("OKAP dialect A with a 30 s read timeout, approved after 35 s", () => {
  for (const { kind } of DATABASES.filter((d) => d.skip)) it.skip(`${kind} skipped: ${PG_SKIP_REASON}`, () => undefined);

  it.concurrent.each(DATABASES.filter((d) => !d.skip))(
    "on $kind",
    async ({ kind }) => {
      const v = await startOkapVault(kind);
      try {
        const answer = strictClient(`${v.vault.url}/okap/request`, {
          okap: "1.0",
          provider: "openai",
          models: ["gpt-4o", "gpt-4o-mini"],
          capabilities: ["chat"],
          limits: { monthly_spend: 10.0, daily_spend: 1.0, requests_per_minute: 60, requests_per_day: 1000, tokens_per_request: 4096 },
          expires: "2030-03-01",
          reason: "AI features",
          app_name: "My AI App",
          app_url: "https://app.example.com",
          redirect_uri: "https://app.example.com/cb",
        });
        const id = await v.waitForPending();
        await sleep(APPROVE_AFTER_MS);
        const approved = await v.owner.request("POST", `/api/ui/requests/${id}/approve`, {
          json: { entries: [{ provider: "openai", limits: { monthly_spend: 5 } }] },
        });
        expect(approved.status).toBe(200);
        const received = await answer;

        expect(received.status).toBe(200);
        expect(received.contentType).toBe("application/json");
        expect(received.headersAfterMs).toBeLessThan(1000);
        const gaps = received.chunks.map((c, i) => c.atMs - (i === 0 ? received.headersAfterMs : received.chunks[i - 1]!.atMs));
        expect(Math.max(...gaps)).toBeLessThan(11_000); // a space at least every 10 s
        expect(received.chunks.at(-1)!.atMs).toBeGreaterThan(APPROVE_AFTER_MS);
        const text = received.chunks.map((c) => c.text).join("");
        expect(text).toMatch(/^ {4,}\{/); // the initial space plus one per 10 s of waiting
        const body = grantedA.parse(JSON.parse(text));
        expect(body.token).toMatchObject({
          provider: "openai",
          models: ["gpt-4o", "gpt-4o-mini"],
          capabilities: ["chat"],
          limits: { monthly_spend: 5, daily_spend: 1, requests_per_minute: 60, requests_per_day: 1000, tokens_per_request: 4096 },
          expires_at: "2030-03-01T00:00:00Z",
        });
        const scope = await v.db.grantScope.findFirstOrThrow({
          where: { grant: { tokens: { some: { hash: v.tokenHash(body.token.token) } } } },
        });
        expect(scope.monthlyCapMicros).toBe(5_000_000n);
        console.log(
          `[${kind}] headers after ${received.headersAfterMs} ms, ${received.chunks.length} chunks, largest gap ${Math.max(...gaps)} ms, body at ${received.chunks.at(-1)!.atMs} ms`,
        );
      } finally {
        await v.stop();
      }
    },
    90_000,
  );
});
