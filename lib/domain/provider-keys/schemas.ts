import { z } from "zod";
import { PROVIDER_IDS } from "@/lib/engines/providers/registry";
import { safeName } from "@/lib/foundation/text/safe-text";

export const KEY_MAX_LENGTH = 1024;

export const providerIdSchema = z.enum(PROVIDER_IDS as [string, ...string[]], {
  error: (issue) => `unknown provider ${JSON.stringify(issue.input)}; expected one of ${PROVIDER_IDS.join(", ")}`,
});

/** A provider's API key as pasted: trimmed; printable ASCII, no spaces. "" only for keyless providers. */
export const secretSchema = z
  .string({ error: "key must be a string" })
  .trim()
  .max(KEY_MAX_LENGTH, `key is too long (at most ${KEY_MAX_LENGTH} characters)`)
  .refine((v) => /^[\x21-\x7e]*$/.test(v), "key must be printable ASCII without spaces");

export const labelSchema = safeName("label", 64);

export const addProviderKeyInput = z.object({ provider: providerIdSchema, label: labelSchema, key: secretSchema }).strict();

export const updateProviderKeyInput = z
  .object({ label: labelSchema.optional(), key: secretSchema.optional() })
  .strict()
  .refine((v) => v.label !== undefined || v.key !== undefined, "nothing to change: give a new label or a new key");

/** What leaves the vault about a provider key: never the key, its ciphertext or a hash. */
export const providerKeyView = z.object({
  id: z.string(),
  provider: z.string(),
  label: z.string(),
  last4: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  last_used_at: z.string().nullable(),
  grants_using: z.number().int(),
});
export type ProviderKeyView = z.infer<typeof providerKeyView>;
