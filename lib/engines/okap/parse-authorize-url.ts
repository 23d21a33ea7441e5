/**
 * [ext] The browser-redirect extension's entry: GET /okap/authorize?request=<base64url(JSON of
 * dialect B)>&state=...&code_challenge=...&code_challenge_method=S256 (docs/okap-protocol.md, "Browser redirect").
 * A callback is required, and PKCE S256 with it.
 */
import { VaultError } from "@/lib/foundation/errors/vault-error";
import { parseDialectB } from "@/lib/engines/okap/parse-dialect-b";
import { CHALLENGE_PATTERN } from "@/lib/engines/okap/pkce";
import type { IncomingRequest } from "@/lib/engines/okap/types";

const REQUEST_PARAM_MAX = 32 * 1024;

function invalid(message: string, field: string): never {
  throw new VaultError("invalid_request", message, { field });
}

export function parseAuthorizeUrl(params: URLSearchParams): IncomingRequest {
  const encoded = params.get("request");
  if (!encoded) invalid("the request parameter is required (base64url of the dialect B JSON)", "request");
  if (encoded.length > REQUEST_PARAM_MAX)
    throw new VaultError("payload_too_large", `The request parameter is longer than ${REQUEST_PARAM_MAX} characters.`);
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(encoded)) invalid("the request parameter is not base64url", "request");
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
  } catch {
    invalid("the request parameter does not decode to JSON", "request");
  }
  const request = parseDialectB(json);
  if (!request.client.callback)
    throw new VaultError("invalid_callback", "client.callback is required for the browser redirect", { field: "client.callback" });

  const challenge = params.get("code_challenge");
  if (!challenge || !CHALLENGE_PATTERN.test(challenge))
    invalid("code_challenge is required: base64url(SHA-256(code_verifier)), 43 characters", "code_challenge");
  if (params.get("code_challenge_method") !== "S256") invalid('code_challenge_method must be "S256"', "code_challenge_method");
  const state = params.get("state");
  if (state !== null && !/^[\x21-\x7e]{1,512}$/.test(state)) invalid("state must be 1-512 printable ASCII characters", "state");
  return { request, delivery: "redirect", pkceChallenge: challenge, state };
}
