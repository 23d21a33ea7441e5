/** The OpenAI error envelope, which every OpenAI-style SDK turns into its typed errors. */
import type { VaultErrorShape } from "@/lib/engines/providers/types";

export function openAiErrorBody(error: VaultErrorShape) {
  return { error: { message: error.message, type: error.type, param: error.field ?? null, code: error.type, request_id: error.requestId } };
}

/** A mid-stream error: the SDKs raise when a chunk carries an `error` object. */
export function openAiStreamErrorEvent(error: VaultErrorShape): string {
  return `data: ${JSON.stringify(openAiErrorBody(error))}\n\n`;
}
