/**
 * Checks an owner-supplied upstream API root. The proxy sends master keys there, so it must be a
 * plain http(s) URL whose host is written canonically and is not a link-local / metadata address
 * (169.254.169.254 and friends). Loopback and private addresses stay allowed in canonical form:
 * self-hosted upstreams (Ollama, a local gateway) live there. Imports neither Next.js nor Prisma.
 */
import { isIP } from "node:net";

export class UpstreamUrlError extends Error {}

function ipv4Blocked(ip: string): string | null {
  const [a, b] = ip.split(".").map(Number) as [number, number];
  if (a === 169 && b === 254) return "a link-local (cloud metadata) address";
  if (a === 0) return "an unspecified address";
  if (a >= 224) return "a multicast or reserved address";
  return null;
}

function ipv6Blocked(ip: string): string | null {
  const v = ip.toLowerCase();
  const embedsIpv4 = v.startsWith("::ffff:") || (v.startsWith("::") && v !== "::1" && v !== "::");
  if (embedsIpv4) return "an IPv4-mapped or embedded IPv6 address";
  if (/^fe[89ab]/.test(v)) return "a link-local address";
  if (v === "::") return "an unspecified address";
  if (v.startsWith("ff")) return "a multicast address";
  if (v.startsWith("fd00:ec2:")) return "a cloud metadata address";
  return null;
}

/** Why an IP address must never be dialled with a secret (null when it may be). */
export function blockedAddressReason(ip: string): string | null {
  const family = isIP(ip);
  return family === 4 ? ipv4Blocked(ip) : family === 6 ? ipv6Blocked(ip) : null;
}

export function validateUpstreamUrl(raw: string): string {
  const text = raw.trim();
  if (text.length > 2048) throw new UpstreamUrlError("the URL is too long");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UpstreamUrlError("not a valid URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UpstreamUrlError("must be an http:// or https:// URL");
  if (url.username || url.password) throw new UpstreamUrlError("must not contain a user name or password");
  if (url.search || url.hash || text.includes("#") || text.includes("?"))
    throw new UpstreamUrlError("must not contain a query or fragment");
  // The WHATWG parser rewrites 2130706433, 0x7f.1, 017700000001 ... to 127.0.0.1; refuse anything the
  // owner did not write the way it will be dialled.
  const writtenHost = text
    .replace(/^https?:\/\//i, "")
    .split(/[/:]/)[0]!
    .toLowerCase();
  const host = url.hostname.toLowerCase();
  const bracketed = host.startsWith("[") ? host.slice(1, -1) : host;
  if (!host.startsWith("[") && writtenHost !== host) throw new UpstreamUrlError("the host must be written in canonical form");
  const family = isIP(bracketed);
  const reason = blockedAddressReason(bracketed);
  if (reason) throw new UpstreamUrlError(`the host is ${reason}`);
  if (family === 0 && !/^[a-z0-9.-]+$/.test(host)) throw new UpstreamUrlError("the host name has characters that are not allowed");
  return url.toString().replace(/\/+$/, "");
}
