import { z } from "zod";
import { defineOperation } from "@/lib/surfaces/management-api/operation";
import { pageEnvelope } from "@/lib/foundation/validation/pagination";
import { priceOverrideKey } from "@/lib/domain/prices/delete-price-override";
import { pricePageQuery } from "@/lib/domain/prices/list-price-page";
import { priceOverrideInput } from "@/lib/domain/prices/set-price-override";
import { priceView } from "@/lib/domain/prices/to-price-view";

export const listPricesOperation = defineOperation({
  method: "GET",
  path: "/api/v1/prices",
  tag: "Prices",
  summary: "List the owner's model prices (USD per million tokens), which win over the bundled catalogue",
  access: "read",
  query: pricePageQuery,
  response: pageEnvelope(priceView),
  errors: [400, 401, 403, 429],
});

export const setPriceOperation = defineOperation({
  method: "PUT",
  path: "/api/v1/prices",
  tag: "Prices",
  summary: "Set the price of a model (creates or replaces it; owner only)",
  description: "USD per million tokens as decimal strings or numbers. Applies to the proxy within a second.",
  access: "write",
  body: priceOverrideInput,
  response: priceView,
  errors: [400, 401, 403, 429],
});

export const deletePriceOperation = defineOperation({
  method: "DELETE",
  path: "/api/v1/prices",
  tag: "Prices",
  summary: "Remove the price of a model: the catalogue prices it again (owner only)",
  access: "write",
  query: priceOverrideKey,
  response: z.null(),
  status: 204,
  errors: [400, 401, 403, 404, 429],
});
