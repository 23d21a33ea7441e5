/**
 * One dedicated PostgreSQL connection per instance that LISTENs on CHANGE_CHANNEL and applies every
 * change it hears (changes.ts) in this process. Notifications come from any instance, the CLI or
 * this process itself (NOTIFY is delivered at commit, to the sender too), so a revoked grant
 * leaves every instance's cache within milliseconds.
 *
 * If the connection drops (PostgreSQL restarts, a network cut), it reconnects with backoff
 * (RECONNECT_MIN_MS doubling up to RECONNECT_MAX_MS); meanwhile the caches' own TTL keeps the
 * one-second guarantee, and after reconnecting the whole grant cache is dropped because changes
 * may have been missed. SQLite has no listener: one process, the local drop and the TTL suffice.
 */
import pg from "pg";
import { applyChange, applyEverythingChanged } from "@/lib/foundation/cluster/apply-change";
import { BROADCASTER, type Broadcaster } from "@/lib/foundation/cluster/broadcast-change";
import { CHANGE_CHANNEL, decodeChange } from "@/lib/foundation/cluster/changes";
import { log } from "@/lib/foundation/log";
import type { BackgroundTask } from "@/lib/foundation/runtime/background-loop";
import { peekSingleton, setSingleton } from "@/lib/foundation/runtime/singleton";

export const RECONNECT_MIN_MS = 100;
export const RECONNECT_MAX_MS = 5_000;

export type ListenerState = "connecting" | "listening" | "reconnecting" | "stopped";

type Listener = {
  state: ListenerState;
  client: pg.Client | null;
  timer: NodeJS.Timeout | null;
  delayMs: number;
  stop: () => Promise<void>;
};

const NAME = "change-listener";

export function listenerState(): ListenerState | null {
  return peekSingleton<Listener>(NAME)?.state ?? null;
}

export function startChangeListener(databaseUrl: string): void {
  if (peekSingleton<Listener>(NAME)) return;
  const self: Listener = { state: "connecting", client: null, timer: null, delayMs: RECONNECT_MIN_MS, stop };
  setSingleton(NAME, self);

  function lost(client: pg.Client, reason: string): void {
    if (self.client !== client || self.state === "stopped") return;
    self.client = null;
    setSingleton<Broadcaster>(BROADCASTER, undefined);
    client.end().catch(() => undefined);
    if (self.state === "listening") log.warn("change listener disconnected; caches fall back to their TTL until it is back", { reason });
    self.state = "reconnecting";
    self.timer = setTimeout(connect, self.delayMs);
    self.timer.unref();
    self.delayMs = Math.min(self.delayMs * 2, RECONNECT_MAX_MS);
  }

  async function connect(): Promise<void> {
    self.timer = null;
    if (self.state === "stopped") return;
    const client = new pg.Client({
      connectionString: databaseUrl,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: 3_000,
    });
    self.client = client;
    client.on("error", (error) => lost(client, error.message));
    client.on("end", () => lost(client, "connection ended"));
    client.on("notification", (message) => {
      const change = message.channel === CHANGE_CHANNEL && message.payload ? decodeChange(message.payload) : null;
      if (change) applyChange(change);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      return lost(client, (error as Error).message);
    }
    if (self.client !== client) return; // stopped or lost while connecting
    applyEverythingChanged(); // whatever changed while nobody listened
    setSingleton<Broadcaster>(BROADCASTER, (payload) => {
      client.query("SELECT pg_notify($1, $2)", [CHANGE_CHANNEL, payload]).catch(() => undefined);
    });
    log.info(self.state === "connecting" ? "change listener connected" : "change listener reconnected", { channel: CHANGE_CHANNEL });
    self.state = "listening";
    self.delayMs = RECONNECT_MIN_MS;
  }

  async function stop(): Promise<void> {
    self.state = "stopped";
    if (self.timer) clearTimeout(self.timer);
    setSingleton<Broadcaster>(BROADCASTER, undefined);
    const client = self.client;
    self.client = null;
    await client?.end().catch(() => undefined);
  }

  void connect();
}

export async function stopChangeListener(): Promise<void> {
  await peekSingleton<Listener>(NAME)?.stop();
  setSingleton(NAME, undefined);
}

/** The listener as a background task (PostgreSQL only). */
export function changeListener(databaseUrl: string): BackgroundTask {
  return { name: "change-listener", start: () => startChangeListener(databaseUrl), stop: stopChangeListener };
}
