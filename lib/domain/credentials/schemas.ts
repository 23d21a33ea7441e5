/** The input and output shapes of API credentials (the proxy's secrets other than provider keys). */
import { z } from "zod";
import { DestinationError, formatDestination, parseDestination } from "@/lib/engines/credentials/destinations";
import { hasUnsafeCharacters, safeName } from "@/lib/foundation/text/safe-text";

export const CREDENTIAL_KINDS = ["api_key", "basic", "oauth2"] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

export const CREDENTIAL_NAME = /^[A-Z][A-Z0-9_]{1,63}$/;
/** Longer than any real API key, JWT or OAuth token; a 1 MB "value" is a mistake or an attack. */
export const VALUE_MAX = 8192;
export const MAX_DESTINATIONS = 20;

export const credentialNameSchema = z
  .string({ error: "name must be a string" })
  .regex(CREDENTIAL_NAME, "name must be 2-64 characters: an upper-case letter, then A-Z, 0-9 or _ (e.g. GITHUB_TOKEN)");

export const credentialKindSchema = z.enum(CREDENTIAL_KINDS, {
  error: (i) => `unknown kind ${JSON.stringify(String(i.input)).slice(0, 40)}; expected one of ${CREDENTIAL_KINDS.join(", ")}`,
});

/** A secret string: 1..VALUE_MAX characters, no control, bidirectional or invisible characters. */
export const secretValue = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .min(1, `${field} is empty`)
    .max(VALUE_MAX, `${field} is too long (at most ${VALUE_MAX} characters)`)
    .refine((v) => !hasUnsafeCharacters(v), `${field} contains control, bidirectional or invisible characters`);

export const destinationsSchema = z
  .array(z.string({ error: "each destination must be a string" }), { error: "destinations must be a list of origins" })
  .min(1, "give at least one destination (the origins this credential may be sent to)")
  .max(MAX_DESTINATIONS, `at most ${MAX_DESTINATIONS} destinations`)
  .transform((list, ctx) => {
    const out: string[] = [];
    for (const [i, text] of list.entries()) {
      try {
        out.push(formatDestination(parseDestination(text)));
      } catch (error) {
        if (!(error instanceof DestinationError)) throw error;
        ctx.addIssue({ code: "custom", message: error.message, path: [i] });
        return z.NEVER;
      }
    }
    return [...new Set(out)];
  });

export const oauth2Secret = z
  .object({
    access_token: secretValue("access_token"),
    refresh_token: secretValue("refresh_token").nullish(),
    token_url: z
      .url({ protocol: /^https?$/, error: "token_url must be an http(s) URL" })
      .max(2048)
      .nullish(),
    client_id: secretValue("client_id").nullish(),
    client_secret: secretValue("client_secret").nullish(),
    expires_at: z.iso.datetime({ offset: true, error: "expires_at must be an ISO 8601 date-time" }).nullish(),
  })
  .strict();
export type OAuth2Secret = z.output<typeof oauth2Secret>;

/** The decrypted secret of a credential, by kind. */
export type CredentialSecret =
  { kind: "api_key"; value: string } | { kind: "basic"; user: string; password: string } | ({ kind: "oauth2" } & OAuth2Secret);

export const accountSchema = safeName("account", 128);
export const credentialLabelSchema = safeName("label", 64);

export const addCredentialInput = z
  .object({
    name: credentialNameSchema,
    kind: credentialKindSchema,
    destinations: destinationsSchema,
    account: accountSchema.nullish(),
    label: credentialLabelSchema.nullish(),
    /** api_key: the value; basic: "user:password"; oauth2: the JSON object (as an object or its text). */
    value: z.union([z.string(), z.record(z.string(), z.unknown())], { error: "value must be a string or, for oauth2, an object" }),
  })
  .strict();

/** What leaves the vault about a credential: never a value, a ciphertext or a hash. */
export const credentialView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(CREDENTIAL_KINDS),
  account: z.string().nullable(),
  label: z.string().nullable(),
  destinations: z.array(z.string()),
  last4: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  grants_using: z.number().int(),
});
export type CredentialView = z.infer<typeof credentialView>;
