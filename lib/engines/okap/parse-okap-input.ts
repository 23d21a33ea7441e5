import type { z } from "zod";
import { isVaultError, VaultError, type ErrorCode } from "@/lib/foundation/errors/vault-error";
import { parseInput } from "@/lib/foundation/validation/parse-input";

/**
 * parseInput for the OKAP endpoints: the first problem becomes a VaultError whose code says what was
 * wrong (classify maps the failing field to invalid_callback, invalid_authorization_details, ...).
 */
export function parseOkapInput<S extends z.ZodType>(schema: S, input: unknown, classify: (field: string) => ErrorCode): z.output<S> {
  try {
    return parseInput(schema, input);
  } catch (error) {
    if (!isVaultError(error)) throw error;
    throw new VaultError(classify(error.field ?? ""), error.message, { field: error.field, extra: error.extra });
  }
}
