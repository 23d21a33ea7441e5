/**
 * The only reader of process.env. Every variable is optional; docs/configuration.md lists them
 * (generated from this schema by `npm run docs:config`).
 */
import path from "node:path";
import { z } from "zod";
import { validateUpstreamUrl } from "@/lib/foundation/http/validate-upstream-url";
import { singleton } from "@/lib/foundation/runtime/singleton";

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");

/**
 * Every variable the vault reads, each with the sentence docs/configuration.md shows for it
 * (`npm run docs:config` writes that file from this schema; a unit test fails when it is stale).
 * `unset` says what applies when a variable without a fixed default is not set.
 */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000).describe("The HTTP port the server listens on."),
  HOST: z
    .string()
    .min(1)
    .default("127.0.0.1")
    .describe("The interface to listen on: `0.0.0.0` (or a private address) to serve the network, e.g. behind a reverse proxy."),
  VAULT_DATA_DIR: z
    .string()
    .min(1)
    .default("./data")
    .describe("Where the SQLite database (`vault.db`) and the generated key file (`secret.key`, mode 0600) live."),
  DATABASE_URL: z
    .string()
    .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), "must start with file: or postgresql://")
    .optional()
    .meta({
      description:
        "`file:/path/vault.db` for SQLite; `postgresql://user:pass@host:5432/db` switches to PostgreSQL (the database must exist).",
      unset: "`file:$VAULT_DATA_DIR/vault.db`",
    }),
  VAULT_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .refine((v) => !new URL(v).search && !new URL(v).hash, "must not carry a query or fragment")
    .optional()
    .meta({
      description:
        "The URL apps and browsers use: the `base_url` of tokens, approval and poll links, and the only Origin accepted on forms. " +
        "While it is unset, forms are accepted from `http://localhost:$PORT`, `http://127.0.0.1:$PORT` and `http://[::1]:$PORT`.",
      unset: "`http://localhost:$PORT`",
    }),
  VAULT_SECRET_KEY: z
    .string()
    .optional()
    .meta({
      description:
        "The 32-byte master key, as 64 hex or 43/44 base64 characters (`npm run --silent vault -- secret-key generate`). " +
        "Required when several instances share one database; a key that does not match the database seals the vault.",
      unset: "read from, or generated into, `$VAULT_DATA_DIR/secret.key`",
    }),
  VAULT_TRUST_PROXY: flag.meta({
    description:
      "`1` (or `true`, `yes`) takes the client IP (sign-in limits, audit log) from the last `X-Forwarded-For` hop. " +
      "Set it only when every request passes through your own reverse proxy.",
    unset: "off",
  }),
  VAULT_LOG_LEVEL: z
    .enum(["debug", "info", "warn", "error"])
    .default("info")
    .describe("The lowest level logged. Logs are JSON lines (warnings and errors on stderr, the rest on stdout)."),
  VAULT_WEBHOOK_RETRY_SECONDS: z
    .string()
    .regex(/^\d+(,\d+)*$/, "must be comma-separated seconds, e.g. 30,120,600")
    .default("30,120,600,3600,21600")
    .describe("Delays between webhook delivery attempts, comma-separated seconds; after the last one a delivery is marked failed."),
  VAULT_OKAP_REQUEST_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(600)
    .describe("How long an app's access request waits for a decision before it expires."),
  VAULT_OKAP_CODE_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(600)
    .default(60)
    .describe("The lifetime of the one-time code of the browser-redirect flow."),
  VAULT_SQLITE_SYNC: z
    .enum(["normal", "full"])
    .default("normal")
    .describe(
      "`full` fsyncs every ledger commit on SQLite (survives a power loss, about 0.65 ms per commit); " +
        "`normal` (WAL with synchronous=NORMAL) survives a crash of the process. PostgreSQL commits are always durable.",
    ),
  VAULT_UPSTREAM_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(900_000)
    .describe(
      "The longest wait for the provider's response headers (connecting included), and a hold's lifetime: a hold expires a minute " +
        "after it and is then swept, unless its request is still running (its instance renews the hold of a long stream).",
    ),
  VAULT_UPSTREAM_IDLE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(120_000)
    .describe(
      "The longest silence inside an upstream response before the vault cuts it (time a slow client takes to read does not count).",
    ),
  VAULT_PROXY_CA_FILE: z
    .string()
    .optional()
    .describe(
      "A PEM file of extra certificate authorities the credential proxy (`/proxy`) trusts for upstream HTTPS, besides the " +
        "system's (for a self-hosted service with its own CA). Certificates are always verified.",
    ),
  VAULT_SHUTDOWN_GRACE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(10_000)
    .describe(
      "On SIGTERM, how long proxied requests in flight may finish before they are stopped and settled, and how long apps " +
        "waiting for an OKAP decision keep waiting before they are told to ask again.",
    ),
  VAULT_BODY_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(30_000)
    .describe(
      "The longest a request body may take to arrive, on every surface: then `408` and the connection is closed. A request " +
        "whose headers and body are not complete 10 s after that is cut by the server itself.",
    ),
  VAULT_MAX_CONNECTIONS_PER_CLIENT: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(4_096)
    .describe(
      "Open connections one client address may hold at once; beyond it a new connection gets `429` and is closed (one " +
        "summary log line per minute, not one per connection). `0` for no cap. Behind a reverse proxy every client shares " +
        "its address: raise it to what the proxy may open.",
    ),
  VAULT_UPSTREAM_MAX_SOCKETS: z.coerce
    .number()
    .int()
    .min(0)
    .max(100_000)
    .default(0)
    .describe(
      "Simultaneous connections to one provider. `0` (the default): no cap. With a cap, requests beyond it wait for a free " +
        "connection; that wait does not count against `VAULT_UPSTREAM_TIMEOUT_MS`'s provider time, and a request that found " +
        "none in time gets `504 upstream_timeout` and is not charged (it was never sent).",
    ),
  VAULT_BODY_BYTES_IN_FLIGHT: z.coerce
    .number()
    .int()
    .min(1_048_576)
    .max(68_719_476_736)
    .default(268_435_456)
    .describe(
      "The request-body bytes the proxy holds at once (a body costs a few times its size in memory while in flight): beyond " +
        "it a request gets `503 vault_unavailable` with `retry-after: 1`, which the SDKs retry. One body alone always passes.",
    ),
  VAULT_HEARTBEAT_MS: z.coerce
    .number()
    .int()
    .min(200)
    .max(60_000)
    .default(10_000)
    .describe(
      "How often each instance writes its heartbeat to the database. The holds of an instance silent for three heartbeats " +
        "(killed, lost) are settled at their full amount by another one, shown as `vault restarted`; on SQLite a start settles " +
        "those of the previous process at once.",
    ),
  VAULT_USAGE_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(36_500)
    .default(400)
    .describe(
      "How many days raw usage events (one per proxied request: the request logs and exports) are kept; older ones are " +
        "pruned in small batches. The hourly and daily usage totals, the spend windows and the audit log are kept.",
    ),
  VAULT_PROXY_ROUTER: z
    .enum(["direct", "next"])
    .default("direct")
    .describe("`next` routes `/v1/*` through the Next.js route instead of straight to the proxy (slower; for comparison)."),
});

/** The one family of variables outside envSchema, documented next to it. */
export const UPSTREAM_OVERRIDE_VARIABLE = {
  name: "VAULT_UPSTREAM_<PROVIDER>",
  unset: "the provider's public API",
  description:
    "Overrides a provider's upstream root, e.g. `VAULT_UPSTREAM_OPENAI=http://127.0.0.1:9999/v1` (provider ids in capitals). " +
    "Wins over the upstream URL set in Settings; link-local and metadata addresses are refused. " +
    "`VAULT_UPSTREAM_GOOGLE` names Google's API root (`https://generativelanguage.googleapis.com`); a URL ending in `/v1beta/openai` (the OpenAI-compatible endpoint, as before the native API) is read as the root.",
};

export type VaultEnv = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  databaseKind: "sqlite" | "postgres";
  /** Origin + optional path prefix apps and browsers use, without a trailing slash. */
  publicUrl: string;
  publicUrlExplicit: boolean;
  secretKey: string | undefined;
  trustProxy: boolean;
  logLevel: "debug" | "info" | "warn" | "error";
  /** `VAULT_UPSTREAM_<PROVIDER>` by lower-case provider id (lib/domain/upstreams reads those it knows). */
  upstreamOverrides: Readonly<Record<string, string>>;
  /** Delays between webhook delivery attempts; after the last one a delivery is failed. */
  webhookRetrySeconds: number[];
  /** How long an OKAP access request waits for a decision (default 10 minutes). */
  okapRequestTtlSeconds: number;
  /** Lifetime of a browser-redirect authorization code (default 60 s). */
  okapCodeTtlSeconds: number;
  /** fsync every proxy ledger commit on SQLite (default: WAL with synchronous=NORMAL). */
  sqliteFsync: boolean;
  /** The longest wait for the upstream's response headers; holds expire a minute after it. */
  upstreamTimeoutMs: number;
  /** Longest silence between two chunks of an upstream body. */
  upstreamIdleTimeoutMs: number;
  /** Extra CAs (PEM file) the credential proxy trusts for upstream HTTPS. */
  proxyCaFile: string | null;
  /** How long SIGTERM lets live requests finish before they are cut and settled. */
  shutdownGraceMs: number;
  /** Days raw usage events are kept (the rollups are kept). */
  usageRetentionDays: number;
  /** "direct": /v1/* goes from the custom server straight to lib/surfaces/proxy; "next": through the Next.js route. */
  proxyRouter: "direct" | "next";
  /** The longest a request body may take to arrive (408 and the connection closed). */
  bodyTimeoutMs: number;
  /** Request-body bytes the proxy holds at once. */
  bodyBytesInFlight: number;
  /** Connections per provider origin (0: no cap). */
  upstreamMaxSockets: number;
  /** Open connections per client address (0: no cap). */
  maxConnectionsPerClient: number;
  /** How often this instance writes its heartbeat; three missed ones make its holds another's to settle. */
  heartbeatMs: number;
};

export class EnvError extends Error {}

const UPSTREAM_VARIABLE = /^VAULT_UPSTREAM_([A-Z][A-Z0-9]*)$/;

export function parseEnv(source: Record<string, string | undefined>): VaultEnv {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new EnvError(`invalid configuration: ${String(issue.path[0])} ${issue.message}`);
  }
  const e = result.data;
  const dataDir = path.resolve(e.VAULT_DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? `file:${path.join(dataDir, "vault.db")}`;
  const upstreamOverrides: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    const id = UPSTREAM_VARIABLE.exec(name)?.[1];
    if (!id || !value || name in envSchema.shape) continue;
    try {
      upstreamOverrides[id.toLowerCase()] = validateUpstreamUrl(value);
    } catch (error) {
      throw new EnvError(`invalid configuration: ${name} ${(error as Error).message}`);
    }
  }
  const publicUrl = (e.VAULT_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl,
    databaseKind: databaseUrl.startsWith("file:") ? "sqlite" : "postgres",
    publicUrl,
    publicUrlExplicit: e.VAULT_PUBLIC_URL !== undefined,
    secretKey: e.VAULT_SECRET_KEY || undefined,
    trustProxy: e.VAULT_TRUST_PROXY,
    logLevel: e.VAULT_LOG_LEVEL,
    upstreamOverrides: Object.freeze(upstreamOverrides),
    webhookRetrySeconds: e.VAULT_WEBHOOK_RETRY_SECONDS.split(",").map(Number),
    okapRequestTtlSeconds: e.VAULT_OKAP_REQUEST_TTL_SECONDS,
    okapCodeTtlSeconds: e.VAULT_OKAP_CODE_TTL_SECONDS,
    sqliteFsync: e.VAULT_SQLITE_SYNC === "full",
    upstreamTimeoutMs: e.VAULT_UPSTREAM_TIMEOUT_MS,
    upstreamIdleTimeoutMs: e.VAULT_UPSTREAM_IDLE_TIMEOUT_MS,
    proxyCaFile: e.VAULT_PROXY_CA_FILE ? path.resolve(e.VAULT_PROXY_CA_FILE) : null,
    shutdownGraceMs: e.VAULT_SHUTDOWN_GRACE_MS,
    usageRetentionDays: e.VAULT_USAGE_RETENTION_DAYS,
    proxyRouter: e.VAULT_PROXY_ROUTER,
    heartbeatMs: e.VAULT_HEARTBEAT_MS,
    bodyTimeoutMs: e.VAULT_BODY_TIMEOUT_MS,
    maxConnectionsPerClient: e.VAULT_MAX_CONNECTIONS_PER_CLIENT,
    upstreamMaxSockets: e.VAULT_UPSTREAM_MAX_SOCKETS,
    bodyBytesInFlight: e.VAULT_BODY_BYTES_IN_FLIGHT,
  });
}

/** The environment of this process, parsed once. */
export function env(): VaultEnv {
  return singleton("env", () => parseEnv(process.env));
}
