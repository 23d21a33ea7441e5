/**
 * The held-open answer of both dialects (okap-protocol.md section 1): status 200 and
 * application/json go out at once with a first space, then a space every 10 s (leading whitespace
 * is valid JSON) so clients with a 30 s read timeout keep waiting, then the JSON body when the
 * request is decided or expires. If the client hangs up first, the request is marked abandoned.
 */
import type { Actor } from "@/lib/audit/record-audit-event";
import { abandonAccessRequest } from "@/lib/access-requests/abandon-access-request";
import { deliverDecision } from "@/lib/access-requests/deliver-decision";
import { waitForDecision } from "@/lib/access-requests/wait-for-decision";
import type { Db } from "@/lib/db/client";
import { VaultError } from "@/lib/errors/vault-error";
import { log } from "@/lib/log";
import { okapError } from "./okap-error-response";
import type { OkapDialect } from "./types";

export const KEEPALIVE_MS = 10_000;

async function outcomeText(db: Db, app: Actor, id: string, dialect: OkapDialect, signal: AbortSignal): Promise<string | null> {
  const status = await waitForDecision(db, id, signal);
  if (status === "gone") {
    await abandonAccessRequest(db, app, id);
    return null;
  }
  if (status === "pending") throw new Error("unreachable: waitForDecision returned pending");
  const row = await db.accessRequest.findUniqueOrThrow({ where: { id }, select: { id: true, dialect: true, decisionReason: true } });
  const outcome = await deliverDecision(db, app, row, status);
  if (outcome.kind === "claimed") throw new VaultError("already_claimed", "The token of this request was already delivered.");
  return JSON.stringify(outcome.body);
}

export function waitingResponse(db: Db, app: Actor, id: string, dialect: OkapDialect, clientSignal: AbortSignal): Response {
  const gone = new AbortController();
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
      outcomeText(db, app, id, dialect, gone.signal)
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
        .finally(() => clearInterval(keepalive));
    },
    cancel() {
      gone.abort();
      clearInterval(keepalive);
    },
  });
  return new Response(stream, { status: 200, headers: { "content-type": "application/json", "cache-control": "no-store", "x-accel-buffering": "no", "x-okap-request-id": id } });
}
