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

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  VAULT_DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), "must start with file: or postgresql://")
    .optional(),
  VAULT_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .refine((v) => !new URL(v).search && !new URL(v).hash, "must not carry a query or fragment")
    .optional(),
  VAULT_SECRET_KEY: z.string().optional(),
  VAULT_TRUST_PROXY: flag,
  VAULT_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  VAULT_WEBHOOK_RETRY_SECONDS: z
    .string()
    .regex(/^\d+(,\d+)*$/, "must be comma-separated seconds, e.g. 30,120,600")
    .default("30,120,600,3600,21600"),
  VAULT_OKAP_REQUEST_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  VAULT_OKAP_CODE_TTL_SECONDS: z.coerce.number().int().min(1).max(600).default(60),
  VAULT_SQLITE_SYNC: z.enum(["normal", "full"]).default("normal"),
  VAULT_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(900_000),
  VAULT_UPSTREAM_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(120_000),
  VAULT_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  VAULT_PROXY_ROUTER: z.enum(["direct", "next"]).default("direct"),
});

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
  /** The longest proxied request (upstream headers and body together); holds expire a minute after it. */
  upstreamTimeoutMs: number;
  /** Longest silence between two chunks of an upstream body. */
  upstreamIdleTimeoutMs: number;
  /** How long SIGTERM lets live requests finish before they are cut and settled. */
  shutdownGraceMs: number;
  /** "direct": /v1/* goes from the custom server straight to lib/proxy; "next": through the Next.js route. */
  proxyRouter: "direct" | "next";
};

export class EnvError extends Error {}

const UPSTREAM_VARIABLE = /^VAULT_UPSTREAM_([A-Z][A-Z0-9]*)$/;

export function parseEnv(source: Record<string, string | undefined>): VaultEnv {
  const result = schema.safeParse(source);
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
    if (!id || !value || name in schema.shape) continue;
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
    shutdownGraceMs: e.VAULT_SHUTDOWN_GRACE_MS,
    proxyRouter: e.VAULT_PROXY_ROUTER,
  });
}

/** The environment of this process, parsed once. */
export function env(): VaultEnv {
  return singleton("env", () => parseEnv(process.env));
}
