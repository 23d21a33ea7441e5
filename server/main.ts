/**
 * okap-vault's HTTP server: migrates the database, opens (or seals) the vault, then serves Next.js
 * pages and APIs behind createRequestRouter. Started by `npm start` (scripts/start.mjs) after the
 * build is checked. Stops gracefully on SIGTERM/SIGINT.
 */
import { existsSync, mkdirSync } from "node:fs";
import http from "node:http";
import next from "next";
import { openVault } from "@/lib/foundation/crypto/open-vault";
import { setSealState } from "@/lib/foundation/crypto/vault-keys";
import { db } from "@/lib/foundation/db/client";
import { migrateDatabase, migrationsDir } from "@/lib/foundation/db/migrate";
import { env, EnvError, type VaultEnv } from "@/lib/foundation/env";
import { ignoreLogStreamErrors, log } from "@/lib/foundation/log";
import { drainOkapWaits } from "@/lib/surfaces/okap/live-waits";
import { drainLiveRequests } from "@/lib/surfaces/proxy/live-requests";
import { closeLedgerStore } from "@/lib/engines/ledger/ledger-store-for";
import { startBackgroundWork } from "@/server/background-work";
import { limitConnections } from "@/server/connection-limits";
import { createRequestRouter, sendError } from "@/server/route-request";

/** After the grace period: how long the error events of stopped streams get to reach their clients. */
const CLOSE_CONNECTIONS_AFTER_MS = 1_000;
/** The server's own cut of a request still incomplete this long after the body timeout. */
const REQUEST_TIMEOUT_SLACK_MS = 10_000;

function refuseToStart(message: string): never {
  process.stderr.write(`okap-vault: ${message}\n`);
  process.exit(2);
}

function loadConfig(): VaultEnv {
  let config: VaultEnv;
  try {
    config = env();
  } catch (error) {
    if (error instanceof EnvError) refuseToStart(error.message);
    throw error;
  }
  // The build, the migrations and ./data are found from the working directory (npm start sets it).
  const migrations = migrationsDir(config.databaseKind);
  if (!existsSync(migrations)) refuseToStart(`${migrations} not found: start the vault from its project directory (npm start)`);
  return config;
}

async function migrateWithRetry(config: VaultEnv): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const result = await migrateDatabase(config.databaseUrl);
      if (result.applied.length) log.info("database migrated", { applied: result.applied });
      return;
    } catch (error) {
      const message = (error as Error).message;
      if (Date.now() > deadline || /was changed|does not know/.test(message)) throw error;
      log.warn("database not ready, retrying", { kind: config.databaseKind, reason: message });
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }
}

async function main(): Promise<void> {
  ignoreLogStreamErrors();
  const config = loadConfig();
  process.env.NEXT_TELEMETRY_DISABLED = "1";

  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  await migrateWithRetry(config);
  const state = await openVault({ secretKey: config.secretKey, dataDir: config.dataDir, db: db() });
  setSealState(state);
  if (state.sealed)
    log.error("the vault is SEALED: pages show why, APIs answer 503 vault_sealed", { reason: state.reason, ...state.detail });
  else if (state.source === "generated")
    log.info("generated a new vault key", {
      file: `${config.dataDir}/secret.key`,
      note: "back it up: without it the stored keys cannot be decrypted",
    });

  // A sealed instance serves nothing and touches nothing: no webhooks, jobs, sweeps or listener.
  const background = startBackgroundWork(config, state.sealed);

  const app = next({ dev: false, dir: process.cwd(), hostname: config.host, port: config.port, quiet: false });
  await app.prepare();
  const handleNext = app.getRequestHandler();
  const router = createRequestRouter(config, (req, res) => handleNext(req, res));

  // requestTimeout bounds the request (headers and body) only, not the answer: approval waits and
  // streams last as long as they need. The surfaces answer a late body with 408 first (bodyTimeoutMs);
  // this is the backstop for a body nobody reads. Checked every second, not every 30 s.
  const requestTimeout = config.bodyTimeoutMs + REQUEST_TIMEOUT_SLACK_MS;
  const server = http.createServer(
    { requestTimeout, headersTimeout: Math.min(60_000, requestTimeout), keepAliveTimeout: 65_000, connectionsCheckingInterval: 1_000 },
    (req, res) => {
      if (!limits.admit(req, res)) return;
      router(req, res).catch((error) => sendError(res, error)); // logged once, answered as a generic 500
    },
  );
  const limits = limitConnections(server, config.maxConnectionsPerClient);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  log.info("okap-vault listening", {
    url: `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${config.port}`,
    public_url: config.publicUrl,
    database: config.databaseKind,
    sealed: state.sealed,
  });

  let stopping = false;
  // SIGTERM: new requests get 503 (the listener stays open while draining); every proxied request in
  // flight (streaming, waiting upstream, still reading its body or in admission) finishes within
  // the grace period or is stopped and settled, and every app waiting for an OKAP decision gets it
  // or, at the deadline, an "ask again" answer; only then do connections and databases close and
  // the process exits 0.
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal, grace_ms: config.shutdownGraceMs });
    setTimeout(() => {
      log.warn("shutdown grace period over, closing remaining connections");
      server.closeAllConnections();
    }, config.shutdownGraceMs + CLOSE_CONNECTIONS_AFTER_MS).unref();
    const jobsStopped = background.stopJobs();
    const draining = Promise.all([drainLiveRequests(config.shutdownGraceMs), drainOkapWaits(config.shutdownGraceMs)]);
    server.closeIdleConnections();
    const [drained, okapWaits] = await draining;
    if (okapWaits > 0) log.info("apps waiting for a decision were answered", { waiting: okapWaits });
    if (drained.unfinished > 0) log.warn("proxied requests still running after being stopped; the sweeper settles their holds", drained);
    else if (drained.live > 0) log.info("live proxy requests settled", drained);
    await background.stopLedger(); // the settlements' last attempt, the sweeper, the change listener
    await jobsStopped;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    await closeLedgerStore().catch(() => undefined);
    await db()
      .$disconnect()
      .catch(() => undefined);
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  log.error("okap-vault failed to start", { err: error });
  process.exit(1);
});
