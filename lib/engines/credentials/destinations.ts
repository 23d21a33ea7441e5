/**
 * Destinations: the origins a credential may ever be sent to. Written by the owner as
 * `api.github.com` (https, port 443), `*.atlassian.net` (https, one label or more in front),
 * `https://api.example.com:8443`, or an exact `http://` origin (`http://127.0.0.1:9999`) for a
 * service on the owner's own network. Stored canonical: `https://api.github.com`,
 * `https://*.atlassian.net`, `https://api.example.com:8443`, `http://127.0.0.1:9999`.
 * Pure: no DNS, no HTTP.
 */
import { isIP } from "node:net";

export type Destination = {
  scheme: "https" | "http";
  /** Lower-case host name or IP literal (IPv6 without brackets); for a wildcard, the suffix after `*.`. */
  host: string;
  port: number;
  wildcard: boolean;
};

export class DestinationError extends Error {}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const MAX_DESTINATION = 253 + 20;

function validHostName(host: string): boolean {
  if (host.length > 253) return false;
  const labels = host.split(".");
  return labels.every((l) => LABEL.test(l));
}

/** Parses one destination as the owner wrote it; throws DestinationError with a reason. */
export function parseDestination(text: string): Destination {
  const raw = text.trim();
  if (raw.length === 0 || raw.length > MAX_DESTINATION) throw new DestinationError("a destination is empty or too long");
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw) && !/^[^/]*:\d+$/.test(raw);
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  if (hasScheme && !schemeMatch) throw new DestinationError(`${JSON.stringify(raw.slice(0, 60))} is not an origin (https://host[:port])`);
  const scheme = (schemeMatch?.[1]?.toLowerCase() ?? "https") as string;
  if (scheme !== "https" && scheme !== "http")
    throw new DestinationError(`${JSON.stringify(raw.slice(0, 60))}: only https and http origins`);
  const rest = schemeMatch ? raw.slice(schemeMatch[0].length) : raw;
  if (/[/?#@\\\s]/.test(rest))
    throw new DestinationError(`${JSON.stringify(raw.slice(0, 60))} is not an origin: no path, query, user or spaces`);
  const hostPort = /^(\[[0-9a-f:.]+\]|[^:]+)(?::(\d{1,5}))?$/i.exec(rest);
  if (!hostPort) throw new DestinationError(`${JSON.stringify(raw.slice(0, 60))} is not an origin`);
  let host = hostPort[1]!.toLowerCase().replace(/\.$/, "");
  const port = hostPort[2] === undefined ? (scheme === "https" ? 443 : 80) : Number(hostPort[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new DestinationError(`${JSON.stringify(raw.slice(0, 60))}: bad port`);
  if (host.startsWith("[")) host = host.slice(1, -1);
  const wildcard = host.startsWith("*.");
  if (wildcard) {
    if (scheme === "http") throw new DestinationError("a wildcard destination must be https (http is only for exact origins)");
    host = host.slice(2);
    if (!validHostName(host) || !host.includes("."))
      throw new DestinationError(`"*.${host}" is not a usable wildcard (e.g. *.atlassian.net)`);
  } else if (isIP(host) === 0 && !validHostName(host)) {
    throw new DestinationError(`${JSON.stringify(raw.slice(0, 60))} does not name a host`);
  }
  return { scheme, host, port, wildcard } as Destination;
}

export function formatDestination(d: Destination): string {
  const host = d.wildcard ? `*.${d.host}` : isIP(d.host) === 6 ? `[${d.host}]` : d.host;
  const defaultPort = d.scheme === "https" ? 443 : 80;
  return `${d.scheme}://${host}${d.port === defaultPort ? "" : `:${d.port}`}`;
}

/** The origin of a target: scheme, lower-case host (IPv6 unbracketed), port. */
export type TargetOrigin = { scheme: "https" | "http"; host: string; port: number };

export function formatOrigin(o: TargetOrigin): string {
  return formatDestination({ ...o, wildcard: false });
}

/** Does this destination admit the target's origin? Wildcards match one label or more in front. */
export function destinationMatches(d: Destination, o: TargetOrigin): boolean {
  if (d.scheme !== o.scheme || d.port !== o.port) return false;
  if (!d.wildcard) return d.host === o.host;
  return o.host.endsWith(`.${d.host}`) && o.host.length > d.host.length + 1;
}

/** The first destination of the list that admits the origin, or null. */
export function matchingDestination(list: readonly Destination[], o: TargetOrigin): Destination | null {
  return list.find((d) => destinationMatches(d, o)) ?? null;
}

/**
 * Whether the proxy may dial a private, loopback or link-local address for this destination: only
 * when the owner named it exactly (an IP literal, an http:// origin, or a local name such as
 * `localhost`, `*.lan`, `*.local`, `*.internal`, `*.home.arpa`, a single label). A public-looking
 * name reached over https that resolves to a private address is refused at connect time.
 */
export function allowsPrivateAddress(d: Destination): boolean {
  if (d.wildcard) return false;
  if (isIP(d.host) !== 0 || d.scheme === "http") return true;
  return !d.host.includes(".") || /(^|\.)(localhost|lan|local|internal|home\.arpa)$/.test(d.host);
}

/**
 * Does this destination cover a grant's host (`host` or `host:port`, as api_access entries write
 * them)? A host without a port means the destination's default port, whatever its scheme.
 */
export function destinationCoversHost(d: Destination, hostKey: string): boolean {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostKey);
  if (!m) return false;
  const host = m[1]!.replace(/^\[|\]$/g, "");
  const port = m[2] === undefined ? (d.scheme === "https" ? 443 : 80) : Number(m[2]);
  return destinationMatches(d, { scheme: d.scheme, host, port });
}
