/**
 * URLs an app states about itself: its home page (client.url / app_url) and where the browser goes
 * back after a decision (client.callback / redirect_uri). Both must be https, or http on a loopback
 * host (local apps, any port); never javascript:, data:, userinfo, backslashes or controls. A callback
 * also carries no fragment and no `code` or `state` parameter (the vault adds those).
 */
export class ClientUrlError extends Error {}

export const CLIENT_URL_MAX = 2048;
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

function parse(value: string): URL {
  if (value.length > CLIENT_URL_MAX) throw new ClientUrlError(`is longer than ${CLIENT_URL_MAX} characters`);
  // The WHATWG parser forgives these; other parsers do not, and the difference is an attack.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(value)) throw new ClientUrlError("contains spaces, control characters or backslashes");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ClientUrlError("is not an absolute URL");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(url.hostname))) {
    throw new ClientUrlError("must use https (http only for localhost, 127.0.0.1 or [::1])");
  }
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(value)?.[1] ?? "";
  if (url.username || url.password || authority.includes("@")) {
    throw new ClientUrlError("must not contain a user name or password");
  }
  if (!url.hostname) throw new ClientUrlError("has no host");
  return url;
}

/** The app's own URL, normalised by the URL parser. */
export function validateClientUrl(value: string): string {
  return parse(value).href;
}

export function validateCallbackUrl(value: string): string {
  const url = parse(value);
  if (value.includes("#")) throw new ClientUrlError("must not contain a fragment (#...)");
  if (url.searchParams.has("code") || url.searchParams.has("state") || url.searchParams.has("error")) {
    throw new ClientUrlError("must not already carry code, state or error parameters");
  }
  return url.href;
}

/** True when the callback goes somewhere else than the app's stated origin (the approval page warns). */
export function callbackOriginDiffers(clientUrl: string | null, callback: string | null): boolean {
  if (!callback) return false;
  if (!clientUrl) return true;
  return new URL(clientUrl).origin !== new URL(callback).origin;
}

/** "https://evil.example" for display: the origin is what a person must check. */
export function originOf(value: string | null): string | null {
  return value ? new URL(value).origin : null;
}
