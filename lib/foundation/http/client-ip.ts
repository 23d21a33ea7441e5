import type { IncomingMessage } from "node:http";

/**
 * The custom server replaces whatever the client sent in this header with the address it saw (or,
 * behind a trusted reverse proxy, the last hop of X-Forwarded-For), so code behind it can trust it.
 */
export const CLIENT_IP_HEADER = "x-okap-client-ip";

export function clientIpOf(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const list = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? ""))
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const last = list[list.length - 1];
    if (last) return last;
  }
  return (req.socket.remoteAddress ?? "unknown").replace(/^::ffff:/, "");
}
