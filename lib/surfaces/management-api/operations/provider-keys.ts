import { z } from "zod";
import { defineEndpoint } from "@/lib/surfaces/management-api/endpoint";
import { providerKeyView } from "@/lib/domain/provider-keys/schemas";

export const listProviderKeysEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/provider-keys",
  tag: "Provider keys",
  summary: "List provider keys (metadata only: never a key, a hash or a ciphertext)",
  scope: "read",
  response: z.object({ data: z.array(providerKeyView) }),
  errors: [401, 403, 429],
});
