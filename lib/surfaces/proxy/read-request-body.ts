/**
 * Reads the client's request body with a size limit (413 before anything goes upstream) and a total
 * time limit (408 for a client that trickles its body); a request stopped meanwhile (shutdown) stops
 * waiting at once.
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { bodyTimeoutMs } from "@/lib/foundation/http/read-json";
export const MAX_REQUEST_BYTES = 32 * 1024 * 1024;

export type BodyReadOptions = {
  limit?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Told the total read so far before each chunk is kept (the proxy's body budget); may throw to refuse. */
  onProgress?: (bytes: number) => void;
};

export async function readRequestBody(
  body: AsyncIterable<Uint8Array> | null,
  declaredLength: string | string[] | undefined,
  { limit = MAX_REQUEST_BYTES, timeoutMs = bodyTimeoutMs(), signal, onProgress }: BodyReadOptions = {},
): Promise<Buffer> {
  if (Number(declaredLength ?? 0) > limit) throw new VaultError("payload_too_large", `The request body is larger than ${limit} bytes.`);
  if (!body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const iterator = body[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  // The body's deadline, or the request being stopped (shutdown) while the client still sends.
  const interrupted = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new VaultError("request_timeout", "The request body did not arrive in time.")), timeoutMs);
    if (!signal) return;
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([iterator.next(), interrupted]);
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw new VaultError("payload_too_large", `The request body is larger than ${limit} bytes.`);
      onProgress?.(size);
      chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    }
  } catch (error) {
    // A stopped request's answer (503) goes out on this connection, which then closes: destroying
    // the body here would reset the socket before the client could read it.
    // Not awaited: on a body that stopped arriving, return() waits behind the pending next() forever,
    // and the 408 would never go out. The server closes the connection after the answer.
    if (!signal?.aborted) void iterator.return?.().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal!.removeEventListener("abort", onAbort);
  }
  return Buffer.concat(chunks, size);
}
