/** One signed POST to a webhook URL: 10 s timeout, no redirects, guarded DNS, response body ignored. */
import http from "node:http";
import https from "node:https";
import { guardedLookup } from "@/lib/foundation/http/guarded-lookup";
import { SIGNATURE_HEADER, signWebhook } from "@/lib/domain/webhooks/sign-webhook";

export type SendResult = { ok: boolean; status: number | null; error: string | null };

const TIMEOUT_MS = 10_000;

export function sendWebhook(url: string, secret: string, payload: string, deliveryId: string, now = new Date()): Promise<SendResult> {
  const target = new URL(url);
  const timestamp = Math.floor(now.getTime() / 1000);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const req = client.request(
      target,
      {
        method: "POST",
        lookup: guardedLookup,
        timeout: TIMEOUT_MS,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
          "user-agent": "okap-vault-webhooks/1",
          "okap-webhook-id": deliveryId,
          "okap-webhook-timestamp": String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(secret, payload, timestamp),
        },
      },
      (res) => {
        res.resume(); // the body is not needed
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        const error = ok ? null : status >= 300 && status < 400 ? `answered ${status}: redirects are not followed` : `answered ${status}`;
        res.on("end", () => resolve({ ok, status, error }));
        res.on("error", () => resolve({ ok, status, error }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on("error", (error) => resolve({ ok: false, status: null, error: error.message.slice(0, 300) }));
    req.end(payload);
  });
}
