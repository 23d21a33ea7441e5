/**
 * The secrets of the credentials a call uses, decrypted for this call only, with the values each
 * template or injection style puts on the wire, and everything to scrub from the answer.
 */
import type { KeyRing } from "@/lib/foundation/crypto/key-ring";
import type { Db } from "@/lib/foundation/db/client";
import { canRefresh, oauth2Expired, refreshOAuth2Credential } from "@/lib/domain/credentials/refresh-oauth2-credential";
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { openCredential, secretValues } from "@/lib/domain/credentials/credential-cipher";
import type { CredentialSecret } from "@/lib/domain/credentials/schemas";
import { redactionNeedles } from "@/lib/engines/credentials/redaction";
import type { ApiCredentialRecord } from "@/lib/surfaces/credential-proxy/api-scope-cache";
import type { Injection } from "@/lib/surfaces/credential-proxy/rewrite-request";

export type OpenedSecrets = {
  /** Whether an upstream 401 is worth one retry with refreshed tokens. */
  refreshable: boolean;
  templateValue: (name: string) => string;
  injectedValue: (i: Injection) => string;
  needles: string[];
};

/** `{{NAME}}`: an api_key's value, a basic pair's `user:password`, an oauth2 credential's access token. */
function plain(secret: CredentialSecret): string {
  if (secret.kind === "api_key") return secret.value;
  if (secret.kind === "basic") return `${secret.user}:${secret.password}`;
  return secret.access_token;
}

/**
 * Decrypts each credential; an OAuth2 access token past its expiry is refreshed first (when it has a
 * refresh token and a token URL), and `force` refreshes every refreshable one (after an upstream 401).
 */
export async function openSecrets(
  db: Db,
  ring: KeyRing,
  credentials: Map<string, ApiCredentialRecord>,
  force = false,
): Promise<OpenedSecrets> {
  const opened = new Map<string, CredentialSecret>();
  for (const [name, record] of credentials) {
    const secret = openCredential(ring, record);
    opened.set(name, canRefresh(secret) && (force || oauth2Expired(secret)) ? await refreshOAuth2Credential(db, ring, record.id) : secret);
  }
  const secretOf = (name: string) => opened.get(name)!;
  const values = [...opened.values()].flatMap(secretValues);
  return {
    refreshable: [...opened.values()].some(canRefresh),
    templateValue: (name) => plain(secretOf(name)),
    injectedValue: (i) => {
      const secret = secretOf(i.name);
      if (i.style === "basic") return Buffer.from(plain(secret), "utf8").toString("base64");
      if (i.style === "bearer" && secret.kind === "basic")
        throw new VaultError("invalid_request", `${i.name} is a user:password pair: inject it with X-AS-Inject-Basic.`);
      return plain(secret);
    },
    needles: redactionNeedles(values),
  };
}

/**
 * What to scrub besides the call's own secrets: every other credential bound to the grant entry. An
 * app could template a value into something the upstream stores (an issue comment, a file) with one
 * call and read it back with another that names no credential; that answer must not carry it either.
 */
export function entryNeedles(ring: KeyRing, credentials: readonly ApiCredentialRecord[], used: ReadonlySet<string>): string[] {
  return redactionNeedles(credentials.filter((c) => !used.has(c.id)).flatMap((c) => secretValues(openCredential(ring, c))));
}
