/**
 * Everything an end-to-end proxy test needs: a fake upstream, the real vault (dist/server.mjs)
 * pointed at it with a known master key, a grant factory on the same database, SDK clients with
 * baseURL = the vault (`@google/genai`'s httpOptions.baseUrl = <vault>/v1/google, the base_url an
 * OKAP grant for google names), and the leak check that greps every output for the canary key.
 */
import { existsSync, readFileSync } from "node:fs";
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import { expect } from "vitest";
import { freshDatabaseUrl } from "@/test/support/databases";
import { FakeUpstream } from "@/test/support/fake-upstream";
import { CANARY_KEY, GrantFactory, newSecretKey } from "@/test/support/grants";
import { startVault, type VaultProcess } from "@/test/support/vault-server";
import { waitFor } from "@/test/support/wait-for";

export type ProxyHarness = {
  kind: "sqlite" | "postgres";
  databaseUrl: string;
  fake: FakeUpstream;
  vault: VaultProcess;
  grants: GrantFactory;
  /** Every body the tests received, for the leak check. */
  transcript: string[];
  /** `provider`: an OpenAI-compatible provider other than OpenAI (baseURL <vault>/v1/<provider>). */
  openai: (token: string, options?: { maxRetries?: number; provider?: string }) => OpenAI;
  anthropic: (token: string, options?: { maxRetries?: number }) => Anthropic;
  gemini: (token: string) => GoogleGenAI;
  stop: () => Promise<number | null>;
};

export type HarnessOptions = {
  /** More environment for the vault (a function: from the fake upstream's address). */
  env?: Record<string, string> | ((fake: FakeUpstream) => Record<string, string>);
  /** The database URL the vault uses (e.g. through a relay); the grant factory uses the direct one. */
  vaultDatabaseUrl?: (databaseUrl: string) => string;
};

export async function startProxyHarness(kind: "sqlite" | "postgres", options: HarnessOptions = {}): Promise<ProxyHarness> {
  const fake = await FakeUpstream.start();
  const secret = newSecretKey();
  const databaseUrl = await freshDatabaseUrl(kind);
  const vault = await startVault({
    databaseUrl: options.vaultDatabaseUrl?.(databaseUrl) ?? databaseUrl,
    env: { ...fake.env(), VAULT_SECRET_KEY: secret, ...(typeof options.env === "function" ? options.env(fake) : options.env) },
  });
  const grants = new GrantFactory(databaseUrl, secret);
  const transcript: string[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const copy = response.clone();
    void copy.text().then(
      (t) => transcript.push(`${response.status} ${[...response.headers].join(" ")}\n${t}`),
      () => undefined,
    );
    return response;
  };
  return {
    kind,
    databaseUrl,
    fake,
    vault,
    grants,
    transcript,
    openai: (token, options = {}) =>
      new OpenAI({
        apiKey: token,
        baseURL: `${vault.url}/v1/${options.provider ?? "openai"}`,
        maxRetries: options.maxRetries ?? 0,
        fetch: recordingFetch,
      }),
    anthropic: (token, options = {}) =>
      new Anthropic({ apiKey: token, baseURL: `${vault.url}/v1/anthropic`, maxRetries: options.maxRetries ?? 0, fetch: recordingFetch }),
    gemini: (token) => new GoogleGenAI({ apiKey: token, httpOptions: { baseUrl: `${vault.url}/v1/google`, fetch: recordingFetch } }),
    async stop() {
      const code = await vault.stop();
      await grants.close();
      await fake.close();
      return code;
    },
  };
}

/** The error an OpenAI SDK call was rejected with (fails the test when it was not). */
export async function rejection(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await promise.then(
    () => null,
    (e) => e,
  );
  expect(error, "expected the call to be rejected").toBeInstanceOf(OpenAI.APIError);
  return error;
}

/** The canary master key, and its first and last 8 characters. */
export const CANARY_FRAGMENTS = [CANARY_KEY, CANARY_KEY.slice(0, 8), CANARY_KEY.slice(-8)];

export function expectNoCanary(text: string, where: string): void {
  for (const fragment of CANARY_FRAGMENTS) expect(text.includes(fragment), `${where} contains ${fragment.slice(0, 4)}…`).toBe(false);
  expect(/okap_[A-Za-z0-9]{36}/.test(text), `${where} contains an okap_ token`).toBe(false);
}

/** The raw bytes of the SQLite database (file and WAL), or every row of every table on PostgreSQL. */
export async function databaseDump(h: ProxyHarness): Promise<string> {
  if (h.kind === "sqlite") {
    const file = h.databaseUrl.replace(/^file:/, "");
    return [file, `${file}-wal`]
      .filter(existsSync)
      .map((f) => readFileSync(f).toString("latin1"))
      .join("\n");
  }
  const tables = (
    await h.grants.db.$queryRawUnsafe<{ tablename: string }[]>(
      `SELECT tablename::text AS tablename FROM pg_tables WHERE schemaname = 'public'`,
    )
  ).map((t) => t.tablename);
  const parts: string[] = [];
  for (const table of tables) {
    const rows = await h.grants.db.$queryRawUnsafe<unknown[]>(`SELECT row_to_json(t)::text AS j FROM "${table}" t`);
    parts.push(JSON.stringify(rows));
  }
  return parts.join("\n");
}

/** The usage event of the most recent request of a grant, once settled (whole bodies settle just after the answer). */
export async function lastUsage(h: ProxyHarness, grantId: string) {
  return waitFor(
    async () => {
      const last = (await h.grants.usage(grantId)).at(-1);
      return last && last.outcome !== "pending" ? last : null;
    },
    5_000,
    "the request to settle",
  );
}

/** Every usage event of a grant, once none is pending any more (whole bodies settle just after the answer). */
export async function settledUsage(h: ProxyHarness, grantId: string) {
  return waitFor(
    async () => {
      const events = await h.grants.usage(grantId);
      return events.some((e) => e.outcome === "pending") ? null : events;
    },
    5_000,
    "every request to settle",
  );
}
