/**
 * The held-open answer of both dialects (docs/okap-protocol.md, "Waiting for a decision"): status 200 and
 * application/json go out at once with a first space, then a space every 10 s (leading whitespace
 * is valid JSON) so clients with a 30 s read timeout keep waiting, then the JSON body when the
 * request is decided or expires. If the client hangs up first, the request is marked abandoned; so
 * it is when this process stops waiting (shutdown, live-waits.ts), and the app is told to ask again.
 */
import type { Actor } from "@/lib/domain/audit/record-audit-event";
import { abandonAccessRequest } from "@/lib/domain/access-requests/abandon-access-request";
import { deliverDecision } from "@/lib/domain/access-requests/deliver-decision";
import { waitForDecision } from "@/lib/domain/access-requests/wait-for-decision";
import type { Db } from "@/lib/foundation/db/client";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { log } from "@/lib/foundation/log";
import { beginOkapWait } from "@/lib/surfaces/okap/live-waits";
import { okapError } from "@/lib/surfaces/okap/okap-error-response";
import { expiredBody } from "@/lib/engines/okap/render-outcome";
import type { OkapDialect } from "@/lib/engines/okap/types";

export const KEEPALIVE_MS = 10_000;

const STOPPED_MESSAGE = "The vault stopped waiting before the owner decided (it is restarting): ask again";

/** The JSON to send, or null when the client is gone. `stop` aborts when this process stops waiting. */
async function outcomeText(
  db: Db,
  app: Actor,
  id: string,
  dialect: OkapDialect,
  gone: AbortSignal,
  stop: AbortSignal,
): Promise<string | null> {
  let status = await waitForDecision(db, id, AbortSignal.any([gone, stop]));
  if (status === "gone") {
    if (await abandonAccessRequest(db, app, id)) return gone.aborted ? null : JSON.stringify(expiredBody(dialect, STOPPED_MESSAGE));
    status = await waitForDecision(db, id, gone); // decided just before: answers at once
    if (status === "gone") return null;
  }
  if (status === "pending") throw new Error("unreachable: waitForDecision returned pending");
  const row = await db.accessRequest.findUniqueOrThrow({ where: { id }, select: { id: true, dialect: true, decisionReason: true } });
  const outcome = await deliverDecision(db, app, row, status);
  if (outcome.kind === "claimed") throw new VaultError("already_claimed", "The token of this request was already delivered.");
  return JSON.stringify(outcome.body);
}

export function waitingResponse(db: Db, app: Actor, id: string, dialect: OkapDialect, clientSignal: AbortSignal): Response {
  const gone = new AbortController();
  const wait = beginOkapWait();
  const encoder = new TextEncoder();
  let keepalive: NodeJS.Timeout | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          gone.abort(); // the stream is closed: the client went away
        }
      };
      send(" ");
      keepalive = setInterval(() => send(" "), KEEPALIVE_MS);
      clientSignal.addEventListener("abort", () => gone.abort(), { once: true });
      outcomeText(db, app, id, dialect, gone.signal, wait.signal)
        .catch((error) => JSON.stringify(okapError(dialect, error).body))
        .then((text) => {
          if (text !== null) send(text);
          try {
            controller.close();
          } catch {
            /* already closed */
          }
        })
        .catch((error) => log.error("waiting response failed", { err: error, request_id: id }))
        .finally(() => {
          clearInterval(keepalive);
          wait.end();
        });
    },
    cancel() {
      gone.abort();
      clearInterval(keepalive);
    },
  });
  return new Response(stream, {
    status: 200,
    headers: { "content-type": "application/json", "cache-control": "no-store", "x-accel-buffering": "no", "x-okap-request-id": id },
  });
}
