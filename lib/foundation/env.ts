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
    "Wins over the upstream URL set in Settings; link-local and metadata addresses are refused.",
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
  /** "direct": /v1/* goes from the custom server straight to lib/surfaces/proxy; "next": through the Next.js route. */
  proxyRouter: "direct" | "next";
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
    proxyRouter: e.VAULT_PROXY_ROUTER,
  });
}

/** The environment of this process, parsed once. */
export function env(): VaultEnv {
  return singleton("env", () => parseEnv(process.env));
}
