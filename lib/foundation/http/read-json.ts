import { VaultError } from "@/lib/foundation/errors/vault-error";

/**
 * Reads a JSON request body of at most maxBytes (413 beyond, without reading the rest), with an
 * application/json content type (415 otherwise) and valid JSON (400 otherwise).
 */
export async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json(\s*;|$)/i.test(type)) {
    throw new VaultError("unsupported_media_type", "Send the body as application/json.");
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new VaultError("payload_too_large", `The body is larger than ${maxBytes} bytes.`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new VaultError("payload_too_large", `The body is larger than ${maxBytes} bytes.`);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new VaultError("invalid_json", "The body is not valid JSON.");
  }
}
