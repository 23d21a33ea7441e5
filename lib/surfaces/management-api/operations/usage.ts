import { defineOperation } from "@/lib/surfaces/management-api/operation";
import { usageAggregateQuery, usageAggregateView } from "@/lib/domain/usage/aggregate-usage";
import { usageExportQuery } from "@/lib/domain/usage/export-usage-events";
import { usageListQuery, usageListView } from "@/lib/domain/usage/list-usage-log";

const FILTERS =
  "Filters: `grant_id` (the app), `provider`, `model`, `outcome`, `since` (inclusive) and `until` (exclusive), ISO 8601 dates or times in UTC.";

export const listUsageOperation = defineOperation({
  method: "GET",
  path: "/api/v1/usage",
  tag: "Usage",
  summary: "List proxied requests (one usage event each), newest first",
  description: `${FILTERS} Cost in µ$ strings (1 USD = 1,000,000). Page with \`cursor\` (the \`next_cursor\` or \`prev_cursor\` of the last answer: read from where the last page ended, however long the history) or with \`page\`.`,
  access: "read",
  query: usageListQuery,
  response: usageListView,
  errors: [400, 401, 403, 429],
});

export const aggregateUsageOperation = defineOperation({
  method: "GET",
  path: "/api/v1/usage/aggregate",
  tag: "Usage",
  summary: "Sum usage by provider, model, app (grant) or UTC day",
  description: `\`by\` is required. ${FILTERS} Sums are exact integers computed by the database.`,
  access: "read",
  query: usageAggregateQuery,
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
  query: usageExportQuery,
  response: { contentType: "text/csv", description: "CSV (format=csv) or a JSON array of usage events (format=json)" },
  errors: [400, 401, 403, 429],
});
