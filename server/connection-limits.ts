/**
 * What the server does with connections before any request is parsed, so that a flood of clients
 * that never finish (bodies that stop arriving, sockets held open) cannot take the process down:
 * - a cap on simultaneous connections per client address (VAULT_MAX_CONNECTIONS_PER_CLIENT): a
 *   connection beyond it gets `429` to its first request and is closed (at once if it sends none);
 * - a request whose body never completed is not kept for keep-alive: once its answer (a 408, a 413,
 *   any early answer) has gone out, its connection is closed;
 * - one summary line per minute of what was refused or cut, never one line per connection.
 * The socket's own address counts, not x-forwarded-for: a client cannot spread itself over addresses it names.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { log } from "@/lib/foundation/log";

const SUMMARY_EVERY_MS = 60_000;
/** A client that does not close its side after our answer is cut after this. */
const CLOSE_GRACE_MS = 2_000;
const CLOSE_AT_MOST_MS = 30_000;

const REFUSAL_BODY = JSON.stringify({
  error: { type: "rate_limited", message: "Too many open connections from this address. Close some and retry." },
});

type Counts = { refused: number; cut: number; addresses: Map<string, number> };

export type ConnectionLimits = {
  /**
   * Called first for every request. False when it came on a connection over the cap: it has been
   * answered 429 and must not be served. Otherwise its connection will close after the answer if the
   * request is still incomplete when the answer has gone out (an early 408/413, a body that stopped).
   */
  admit(req: IncomingMessage, res: ServerResponse): boolean;
};

export function limitConnections(server: Server, maxPerClient: number): ConnectionLimits {
  const open = new Map<string, number>();
  const overCap = new WeakSet<Socket>();
  let counts: Counts = { refused: 0, cut: 0, addresses: new Map() };
  const summary = setInterval(() => {
    if (counts.refused === 0 && counts.cut === 0) return;
    const top = [...counts.addresses].sort((a, b) => b[1] - a[1]).slice(0, 5);
    log.warn("connections refused or cut in the last minute", {
      refused_over_cap: counts.refused,
      cut_incomplete_requests: counts.cut,
      max_per_client: maxPerClient,
      top_addresses: Object.fromEntries(top),
    });
    counts = { refused: 0, cut: 0, addresses: new Map() };
  }, SUMMARY_EVERY_MS);
  summary.unref();
  server.on("close", () => clearInterval(summary));

  const note = (kind: "refused" | "cut", address: string) => {
    counts[kind]++;
    counts.addresses.set(address, (counts.addresses.get(address) ?? 0) + 1);
  };

  server.on("connection", (socket: Socket) => {
    const address = socket.remoteAddress ?? "unknown";
    if (maxPerClient > 0) {
      const now = (open.get(address) ?? 0) + 1;
      if (now > maxPerClient) {
        note("refused", address);
        overCap.add(socket);
        setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref(); // room for its first request to be answered 429
        return;
      }
      open.set(address, now);
      socket.once("close", () => {
        const left = (open.get(address) ?? 1) - 1;
        if (left > 0) open.set(address, left);
        else open.delete(address);
      });
    }
  });

  return {
    admit(req, res) {
      if (overCap.has(req.socket)) {
        refuse(res);
        return false;
      }
      closeIfIncomplete(req, res, () => note("cut", req.socket.remoteAddress ?? "unknown"));
      return true;
    },
  };
}

function refuse(res: ServerResponse): void {
  res.shouldKeepAlive = false;
  res.writeHead(429, {
    "content-type": "application/json",
    "cache-control": "no-store",
    "retry-after": "1",
    connection: "close",
    "content-length": String(Buffer.byteLength(REFUSAL_BODY)),
  });
  res.end(REFUSAL_BODY);
}

/**
 * An answer that starts before its request is complete (an early 401/404/408/413, a page that does
 * not read the body) says `connection: close`, so a keep-alive client never sends another request on
 * a connection about to close. Node would then destroy the socket right after the answer, with the
 * client's unread bytes still in it: a reset, which can make the client lose the answer (a body over
 * the limit still being sent). So this socket is ended instead (FIN after the answer), what the
 * client still sends is read and dropped, and it is destroyed when the client closes too, goes quiet
 * for CLOSE_GRACE_MS, or CLOSE_AT_MOST_MS have passed.
 */
function closeIfIncomplete(req: IncomingMessage, res: ServerResponse, onCut: () => void): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse["writeHead"]>) {
    if (!req.complete && !res.headersSent) {
      res.setHeader("connection", "close");
      onCut();
      const socket = req.socket;
      socket.destroySoon = () => {
        socket.end();
        socket.setTimeout(CLOSE_GRACE_MS, () => socket.destroy());
        setTimeout(() => socket.destroy(), CLOSE_AT_MOST_MS).unref();
      };
    }
    return writeHead.apply(this, args);
  } as ServerResponse["writeHead"];
}
