import type { z } from "zod";
import { VaultError } from "@/lib/foundation/errors/vault-error";

/** Validates untrusted input with a zod schema; the first problem becomes a clear invalid_request. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join(".");
  const message =
    issue.code === "unrecognized_keys"
      ? `unknown field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}`
      : issue.code === "invalid_type" && /received undefined/.test(issue.message)
        ? `${field || "value"} is required`
        : issue.message;
  throw new VaultError("invalid_request", message, field ? { field } : undefined);
}
