import { z } from "zod";
import { defineOperation } from "@/lib/surfaces/management-api/operation";
import { pageEnvelope, paginationQuery } from "@/lib/foundation/validation/pagination";
import { USAGE_GROUPS, usageAggregateView } from "@/lib/domain/usage/aggregate-usage";
import { usageEventView } from "@/lib/domain/usage/usage-event-view";
import { usageFilters } from "@/lib/domain/usage/usage-filter";

const FILTERS =
  "Filters: `grant_id` (the app), `provider`, `model`, `outcome`, `since` (inclusive) and `until` (exclusive), ISO 8601 dates or times in UTC.";

export const listUsageOperation = defineOperation({
  method: "GET",
  path: "/api/v1/usage",
  tag: "Usage",
  summary: "List proxied requests (one usage event each), newest first",
  description: `${FILTERS} Cost in µ$ strings (1 USD = 1,000,000).`,
  access: "read",
  query: z.object({ ...usageFilters, ...paginationQuery }).strict(),
  response: pageEnvelope(usageEventView),
  errors: [400, 401, 403, 429],
});

export const aggregateUsageOperation = defineOperation({
  method: "GET",
  path: "/api/v1/usage/aggregate",
  tag: "Usage",
  summary: "Sum usage by provider, model, app (grant) or UTC day",
  description: `\`by\` is required. ${FILTERS} Sums are exact integers computed by the database.`,
  access: "read",
  query: z.object({ ...usageFilters, by: z.enum(USAGE_GROUPS, { error: `by must be one of ${USAGE_GROUPS.join(", ")}` }) }).strict(),
  response: usageAggregateView,
  errors: [400, 401, 403, 429],
});

export const exportUsageOperation = defineOperation({
  method: "GET",
  path: "/api/v1/usage/export",
  tag: "Usage",
  summary: "Export every matching usage event as CSV or JSON",
  description: `${FILTERS} CSV cells that a spreadsheet would run as a formula (an app chooses its model names) are prefixed with a single quote.`,
  access: "read",
  query: z.object({ ...usageFilters, format: z.enum(["csv", "json"], { error: 'format must be "csv" or "json"' }) }).strict(),
  response: { contentType: "text/csv", description: "CSV (format=csv) or a JSON array of usage events (format=json)" },
  errors: [400, 401, 403, 429],
});
