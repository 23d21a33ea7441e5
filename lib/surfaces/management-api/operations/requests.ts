import { defineOperation } from "@/lib/surfaces/management-api/operation";
import { pageEnvelope } from "@/lib/foundation/validation/pagination";
import { accessRequestPageQuery, accessRequestView } from "@/lib/domain/access-requests/list-access-request-page";

export const listRequestsOperation = defineOperation({
  method: "GET",
  path: "/api/v1/requests",
  tag: "Access requests",
  summary: "List apps' access requests, newest first",
  description: "Filter: `status` (pending, approved, denied, expired, abandoned).",
  access: "read",
  query: accessRequestPageQuery,
  response: pageEnvelope(accessRequestView),
  errors: [400, 401, 403, 429],
});

export const getRequestOperation = defineOperation({
  method: "GET",
  path: "/api/v1/requests/{id}",
  tag: "Access requests",
  summary: "Get one access request",
  access: "read",
  response: accessRequestView,
  errors: [401, 403, 404, 429],
});

export const approveRequestOperation = defineOperation({
  method: "POST",
  path: "/api/v1/requests/{id}/approve",
  tag: "Access requests",
  summary: "Not available to keys: approving needs the owner, signed in",
  description:
    "Always 403. A management key can read and restrict access, never grant new access: approve on the request's page (/approve/{id}) or with the CLI on the vault's machine.",
  access: "read",
  response: { contentType: "application/json", description: "Never: this endpoint always answers 403 forbidden" },
  errors: [401, 403, 429],
});
