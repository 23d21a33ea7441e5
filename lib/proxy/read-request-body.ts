/**
 * Reads the client's request body with a size limit (413 before anything goes upstream) and a total
 * time limit (408 for a client that trickles its body).
 */
import { VaultError } from "@/lib/errors/vault-error";

export const MAX_REQUEST_BYTES = 32 * 1024 * 1024;
export const BODY_TIMEOUT_MS = 30_000;

export async function readRequestBody(
  body: AsyncIterable<Uint8Array> | null,
  declaredLength: string | string[] | undefined,
  limit = MAX_REQUEST_BYTES,
  timeoutMs = BODY_TIMEOUT_MS,
): Promise<Buffer> {
  if (Number(declaredLength ?? 0) > limit) throw new VaultError("payload_too_large", `The request body is larger than ${limit} bytes.`);
  if (!body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const iterator = body[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new VaultError("request_timeout", "The request body did not arrive in time.")), timeoutMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([iterator.next(), deadline]);
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw new VaultError("payload_too_large", `The request body is larger than ${limit} bytes.`);
      chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    }
  } catch (error) {
    await iterator.return?.().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks, size);
}
