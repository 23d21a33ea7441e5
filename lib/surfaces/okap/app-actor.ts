import type { Actor } from "@/lib/domain/audit/record-audit-event";
import { CLIENT_IP_HEADER } from "@/lib/foundation/http/client-ip";

/** The app on the other end of an /okap/* request, for the audit log (IP set by the custom server). */
export function appActor(req: Request): Actor {
  return { type: "app", id: null, ip: req.headers.get(CLIENT_IP_HEADER), userAgent: req.headers.get("user-agent") };
}
