/**
 * A multipart/form-data request body (image edits, audio transcriptions), parsed with the platform's
 * own parser (undici's `Response.formData()`) and re-serialized for the provider, with a fresh
 * boundary: what goes upstream is exactly what the vault read, as for JSON bodies (a part the vault
 * and the provider would parse differently, or a second `model` field, cannot smuggle anything). A
 * text field sent twice is refused; file fields may repeat (`image[]`).
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";
import type { RequestFile } from "@/lib/engines/providers/types";

export type FormBody = {
  /** The text fields. */
  fields: Record<string, string>;
  files: RequestFile[];
  /** The re-serialized body and its content type (with the new boundary). */
  bytes: Buffer;
  contentType: string;
  /** The UTF-8 bytes of the text fields (their token bound). */
  textBytes: number;
};

async function parse(bytes: Buffer, contentType: string): Promise<FormData> {
  if (!/^multipart\/form-data\s*;/i.test(contentType))
    throw new VaultError("unsupported_media_type", "This endpoint takes a multipart/form-data body.");
  try {
    return await new Response(new Uint8Array(bytes), { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new VaultError("invalid_request", "The multipart/form-data body could not be read.");
  }
}

export async function readFormBody(bytes: Buffer, contentType: string | undefined): Promise<FormBody> {
  const form = await parse(bytes, contentType ?? "");
  const fields: Record<string, string> = {};
  const files: RequestFile[] = [];
  let textBytes = 0;
  for (const [name, value] of form.entries()) {
    if (typeof value === "string") {
      if (Object.hasOwn(fields, name))
        throw new VaultError("invalid_request", `The form field \`${name.slice(0, 60)}\` was sent twice.`, { field: name });
      fields[name] = value;
      textBytes += Buffer.byteLength(name) + Buffer.byteLength(value);
    } else {
      files.push({ field: name, name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
    }
  }
  const out = new Response(form);
  return {
    fields,
    files,
    bytes: Buffer.from(await out.arrayBuffer()),
    contentType: out.headers.get("content-type") ?? "multipart/form-data",
    textBytes,
  };
}
