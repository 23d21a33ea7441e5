import { defineOperation } from "@/lib/surfaces/management-api/operation";
import { pageEnvelope } from "@/lib/foundation/validation/pagination";
import { grantPatchInput } from "@/lib/domain/grants/grant-patch-input";
import { grantView } from "@/lib/domain/grants/grant-view";
import { grantPageQuery } from "@/lib/domain/grants/list-grant-page";

export const listGrantsOperation = defineOperation({
  method: "GET",
  path: "/api/v1/grants",
  tag: "Grants",
  summary: "List grants, newest first, with each entry's limits and current spend",
  description:
    "Filters: `status` (active, paused, revoked, expired) and `provider`. Money is in µ$ strings (1 USD = 1,000,000) in `spend`, USD in `limits`.",
  access: "read",
  query: grantPageQuery,
  response: pageEnvelope(grantView),
  errors: [400, 401, 403, 429],
});

export const getGrantOperation = defineOperation({
  method: "GET",
  path: "/api/v1/grants/{id}",
  tag: "Grants",
  summary: "Get one grant",
  access: "read",
  response: grantView,
  errors: [401, 403, 404, 429],
});

export const updateGrantOperation = defineOperation({
  method: "PATCH",
  path: "/api/v1/grants/{id}",
  tag: "Grants",
  summary: "Pause or resume a grant, change its expiry or its limits",
  description:
    "Only `status` (active | paused), `expires_at`, `limits` (a grant with one entry) and `scopes: [{id, limits}]` may be sent; any other field is refused. In `limits`, a field left out stays, `null` removes it (not `monthly_spend`). Applies to the proxy within a second. A revoked grant cannot be changed (409).",
  access: "write",
  body: grantPatchInput,
  response: grantView,
  errors: [400, 401, 403, 404, 409, 422, 429],
});

export const revokeGrantOperation = defineOperation({
  method: "POST",
  path: "/api/v1/grants/{id}/revoke",
  tag: "Grants",
  summary: "Revoke a grant: its token stops working within a second, running streams are cut",
  description: "Idempotent: revoking a revoked grant answers the same grant. Honours `Idempotency-Key`.",
  access: "write",
  response: grantView,
  errors: [401, 403, 404, 422, 429],
});

export const resetContainmentOperation = defineOperation({
  method: "POST",
  path: "/api/v1/grants/{id}/reset-containment",
  tag: "Grants",
  summary: "End overshoot containment: the grant's entries admit concurrent requests again",
  description:
    "An entry is contained (`scopes[].contained`) after a request cost more than its reservation: it then admits one request at a time (others get 429 `spend_contained`) until this reset or the end of the UTC month. Idempotent.",
  access: "write",
  response: grantView,
  errors: [401, 403, 404, 429],
});
