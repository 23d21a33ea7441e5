import { env } from "@/lib/foundation/env";
import { isVaultError, VaultError } from "@/lib/foundation/errors/vault-error";

/** Every request body (the proxy's included) must arrive within VAULT_BODY_TIMEOUT_MS (30 s): 408 otherwise, and the connection is closed. */
export function bodyTimeoutMs(): number {
  try {
    return env().bodyTimeoutMs;
  } catch {
    return 30_000; // an invalid environment is reported at start; unit tests may run without one
  }
}

/**
 * Reads a JSON request body of at most maxBytes (413 beyond, without reading the rest), with an
 * application/json content type (415 otherwise), within bodyTimeoutMs() (408 otherwise) and valid
 * JSON (400 otherwise). A client that hangs up mid-body is an expected 400 (nothing is logged: nobody
 * is left to read it).
 */
export async function readJson(req: Request, maxBytes: number, timeoutMs = bodyTimeoutMs()): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json(\s*;|$)/i.test(type)) {
    throw new VaultError("unsupported_media_type", "Send the body as application/json.");
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new VaultError("payload_too_large", `The body is larger than ${maxBytes} bytes.`);
  const text = req.body ? (await readBounded(req.body, maxBytes, timeoutMs)).toString("utf8") : "";
  try {
    return JSON.parse(text);
  } catch {
    throw new VaultError("invalid_json", "The body is not valid JSON.");
  }
}

async function readBounded(body: ReadableStream<Uint8Array>, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new VaultError("request_timeout", "The request body did not arrive in time.")), timeoutMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline]);
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw new VaultError("payload_too_large", `The body is larger than ${maxBytes} bytes.`);
      chunks.push(value);
    }
  } catch (error) {
    void reader.cancel().catch(() => undefined); // not awaited: a pending read may never settle
    if (isVaultError(error)) throw error;
    throw new VaultError("invalid_request", "The request body ended before it was complete (the client hung up).");
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks);
}
