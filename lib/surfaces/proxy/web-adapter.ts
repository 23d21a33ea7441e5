/**
 * lib/surfaces/proxy on the Web Request/Response API, for the Next.js route (app/v1/[provider]/[...path]).
 * The streamed body is a pull-based ReadableStream (backpressure); cancelling it stops the upstream.
 */
import { handleProxyRequest } from "@/lib/surfaces/proxy/handle-proxy-request";
import { isBodyStream } from "@/lib/surfaces/proxy/proxy-types";

export async function handleProxyWebRequest(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  const response = await handleProxyRequest({
    method: request.method,
    url: url.pathname + url.search,
    headers,
    body: request.body as AsyncIterable<Uint8Array> | null,
    signal: request.signal,
  });
  if (!isBodyStream(response.body)) {
    void response.after?.();
    return new Response(new Uint8Array(response.body), { status: response.status, headers: response.headers });
  }
  const stream = response.body;
  const iterator = stream[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    },
    cancel() {
      stream.cancel();
    },
  });
  return new Response(body, { status: response.status, headers: response.headers });
}
