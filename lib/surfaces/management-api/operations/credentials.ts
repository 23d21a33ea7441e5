import { z } from "zod";
import { defineOperation } from "@/lib/surfaces/management-api/operation";
import { credentialView } from "@/lib/domain/credentials/schemas";
import { apiCallView } from "@/lib/domain/api-calls/api-call-view";
import { apiCallPageQuery } from "@/lib/domain/api-calls/list-api-call-page";
import { pageEnvelope } from "@/lib/foundation/validation/pagination";

export const listCredentialsOperation = defineOperation({
  method: "GET",
  path: "/api/v1/credentials",
  tag: "Credentials",
  summary: "List API credentials (metadata only: never a value, a hash or a ciphertext)",
  access: "read",
  response: z.object({ data: z.array(credentialView) }),
  errors: [401, 403, 429],
});

export const listApiCallsOperation = defineOperation({
  method: "GET",
  path: "/api/v1/api-calls",
  tag: "Credentials",
  summary: "List credential-proxy calls, newest first (names and sizes, never a value)",
  description: "Filters: `grant_id`, `origin` (e.g. https://api.github.com), `blocked` (true: refused calls only; false: the others).",
  access: "read",
  query: apiCallPageQuery,
  response: pageEnvelope(apiCallView),
  errors: [400, 401, 403, 429],
});
