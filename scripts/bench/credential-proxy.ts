/**
 * `npx tsx scripts/bench/credential-proxy.ts [--seconds S]` (after `npm run build`): the credential
 * proxy's added latency next to the AI path, in one run on SQLite: the same small JSON POST to the
 * bench's fake provider straight, through /v1/openai (metered), and through /proxy/<host>/... with a
 * `{{NAME}}` template in the Authorization header and one in the JSON body (rate limit on, call log
 * on, redaction on). Sequential requests at concurrency 1: p50 and p99. Prints a Markdown table.
 * Do not run it next to a test suite.
 */
import { parseArgs } from "node:util";
import { sequential } from "@/scripts/bench/load";
import { startProcess } from "@/scripts/bench/processes";
import { startVaults } from "@/scripts/bench/vaults";
import { approveAccessRequest } from "@/lib/domain/access-requests/approve-access-request";
import { claimRequestToken } from "@/lib/domain/access-requests/claim-request-token";
import { createAccessRequest } from "@/lib/domain/access-requests/create-access-request";
import { addCredential } from "@/lib/domain/credentials/add-credential";
import { parseDialectB } from "@/lib/engines/okap/parse-dialect-b";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "5" } } });
const SECONDS = Number(values.seconds);
const BODY = JSON.stringify({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "What is the capital of France?" }],
  max_tokens: 64,
});
const TEMPLATED = JSON.stringify({ ...JSON.parse(BODY), user: "{{BENCH_KEY}}" });

async function main(): Promise<void> {
  const fake = await startProcess("fake provider", ["scripts/bench/fake-provider.mjs", "{port}"], {}, (url) => `${url}/`);
  const vaults = await startVaults(fake.url, { kind: "sqlite" });
  try {
    const db = vaults.grants.db;
    const owner = (await db.user.findFirstOrThrow({ where: { role: "owner" } })).id;
    await addCredential(db, { type: "cli" }, owner, {
      name: "BENCH_KEY",
      kind: "api_key",
      destinations: [fake.url],
      value: "bench-secret-0123456789",
    });
    const app = { type: "app" as const };
    const created = await createAccessRequest(db, app, {
      request: parseDialectB({
        okap: "1.0",
        authorization_details: [{ type: "api_access", hosts: [new URL(fake.url).host], limits: { requests_per_minute: 100_000_000 } }],
        client: { name: "bench" },
      }),
      delivery: "async",
    });
    await approveAccessRequest(db, { type: "cli" }, owner, created.id, {});
    const apiToken = (await claimRequestToken(db, app, created.id))!.token;
    const vault = vaults.urls[0]!;
    const rows: [string, Awaited<ReturnType<typeof sequential>>][] = [];
    rows.push(["direct", await sequential({ urls: [`${fake.url}/v1/chat/completions`], headers: {} }, BODY, SECONDS)]);
    rows.push([
      "AI path (/v1/openai)",
      await sequential(
        { urls: [`${vault}/v1/openai/chat/completions`], headers: { authorization: `Bearer ${vaults.token}` } },
        BODY,
        SECONDS,
      ),
    ]);
    rows.push([
      "credential proxy (/proxy, 2 templates)",
      await sequential(
        {
          urls: [`${vault}/proxy/${new URL(fake.url).host}/v1/chat/completions`],
          headers: { "x-proxy-authorization": `Bearer ${apiToken}`, authorization: "Bearer {{BENCH_KEY}}" },
        },
        TEMPLATED,
        SECONDS,
      ),
    ]);
    const direct = rows[0]![1].p50;
    process.stdout.write("| path | c=1 req/s | c=1 p50 | c=1 p99 | added p50 |\n|---|---|---|---|---|\n");
    for (const [name, r] of rows)
      process.stdout.write(
        `| ${name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} ms | ${r.p99.toFixed(2)} ms | ${(r.p50 - direct).toFixed(2)} ms |\n`,
      );
  } finally {
    await vaults.stop();
    await fake.stop();
  }
}

await main();
