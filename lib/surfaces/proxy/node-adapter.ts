/**
 * lib/surfaces/proxy on node:http: the hot path. The custom server routes /v1/* here without Next.js.
 * A client that goes away (socket closed before the response finished) aborts the upstream call;
 * a streamed body is written with backpressure (the next chunk is pulled after 'drain').
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { handleProxyRequest } from "@/lib/surfaces/proxy/handle-proxy-request";
import { isDraining } from "@/lib/surfaces/proxy/live-requests";
import { isBodyStream } from "@/lib/surfaces/proxy/proxy-types";

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

export async function serveProxyNode(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const method = req.method ?? "GET";
  const response = await handleProxyRequest({
    method,
    url: req.url ?? "/",
    headers: req.headers,
    body: method === "GET" || method === "HEAD" ? null : req,
    signal: controller.signal,
  });
  // Shutting down: close the connection after this answer (the request may predate the signal).
  if (isDraining()) res.setHeader("connection", "close");
  if (!isBodyStream(response.body)) {
    if (!res.destroyed) {
      res.writeHead(response.status, { ...response.headers, "content-length": String(response.body.length) });
      res.end(response.body);
    }
    return response.after?.();
  }
  const stream = response.body;
  if (res.destroyed) return stream.cancel();
  res.writeHead(response.status, response.headers);
  res.flushHeaders();
  try {
    for await (const chunk of stream) {
      if (res.destroyed) break;
      if (!res.write(chunk)) await drained(res);
    }
  } finally {
    if (!res.destroyed) res.end();
  }
}
