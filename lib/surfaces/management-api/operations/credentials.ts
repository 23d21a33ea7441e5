import { z } from "zod";
import { defineOperation } from "@/lib/surfaces/management-api/operation";
import { credentialView } from "@/lib/domain/credentials/schemas";

export const listCredentialsOperation = defineOperation({
  method: "GET",
  path: "/api/v1/credentials",
  tag: "Credentials",
  summary: "List API credentials (metadata only: never a value, a hash or a ciphertext)",
  access: "read",
  response: z.object({ data: z.array(credentialView) }),
  errors: [401, 403, 429],
});
