/** Turns the value an owner typed or piped (by kind) into the secret to store, or a clear invalid_request. */
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { z } from "zod";
import { oauth2Secret, secretValue, type CredentialKind, type CredentialSecret } from "@/lib/domain/credentials/schemas";

function oauth2From(value: unknown): CredentialSecret {
  let object = value;
  if (typeof value === "string") {
    try {
      object = JSON.parse(value);
    } catch {
      throw new VaultError("invalid_request", "an oauth2 value must be a JSON object {access_token, refresh_token, token_url, ...}", {
        field: "value",
      });
    }
  }
  return { kind: "oauth2", ...parseInput(oauth2Secret, object) };
}

export function parseCredentialSecret(kind: CredentialKind, value: unknown): CredentialSecret {
  if (kind === "oauth2") return oauth2From(value);
  if (typeof value !== "string") throw new VaultError("invalid_request", "value must be a string", { field: "value" });
  const checked = parseInput(z.object({ value: secretValue("value") }), { value: value.trim() }).value;
  if (kind === "api_key") return { kind, value: checked };
  const colon = checked.indexOf(":");
  if (colon < 1 || colon === checked.length - 1)
    throw new VaultError("invalid_request", "a basic credential is user:password (both non-empty)", { field: "value" });
  return { kind, user: checked.slice(0, colon), password: checked.slice(colon + 1) };
}
