import type { Actor } from "@/lib/domain/audit/record-audit-event";
import { createAccessRequest, type CreatedRequest } from "@/lib/domain/access-requests/create-access-request";
import type { Db } from "@/lib/foundation/db/client";
import { parseAuthorizeUrl } from "@/lib/engines/okap/parse-authorize-url";

/** [ext] GET /okap/authorize?request=...: the browser-redirect request, from its query as received. */
export function createRedirectRequest(db: Db, app: Actor, query: URLSearchParams): Promise<CreatedRequest> {
  return createAccessRequest(db, app, parseAuthorizeUrl(query));
}
