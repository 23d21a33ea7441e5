import { z } from "zod";
import { defineOperation } from "@/lib/surfaces/management-api/operation";
import { providerKeyView } from "@/lib/domain/provider-keys/schemas";

export const listProviderKeysOperation = defineOperation({
  method: "GET",
  path: "/api/v1/provider-keys",
  tag: "Provider keys",
  summary: "List provider keys (metadata only: never a key, a hash or a ciphertext)",
  access: "read",
  response: z.object({ data: z.array(providerKeyView) }),
  errors: [401, 403, 429],
});
