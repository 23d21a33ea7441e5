/**
 * The management API's input schemas, which are the lib operations' own (and what the OpenAPI
 * document shows): pagination, strict queries, each endpoint's filters and bodies, and the error a
 * bad value gets (the field at fault and a message a person can act on).
 */
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { isVaultError } from "@/lib/foundation/errors/vault-error";
import { MAX_LIMIT, pageEnvelope, paginationQuery } from "@/lib/foundation/validation/pagination";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import { OPERATIONS } from "@/lib/surfaces/management-api/operations";
import { listGrantsOperation, updateGrantOperation } from "@/lib/surfaces/management-api/operations/grants";
import { deletePriceOperation, listPricesOperation, setPriceOperation } from "@/lib/surfaces/management-api/operations/prices";
import { listRequestsOperation } from "@/lib/surfaces/management-api/operations/requests";
import { aggregateUsageOperation, exportUsageOperation, listUsageOperation } from "@/lib/surfaces/management-api/operations/usage";
import { exportAuditLogOperation, listAuditLogOperation } from "@/lib/surfaces/management-api/operations/audit-log";

function refusal(schema: z.ZodType, input: unknown): { field: string | undefined; message: string } {
  try {
    parseInput(schema, input);
  } catch (error) {
    if (isVaultError(error) && error.code === "invalid_request") return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe("pagination", () => {
  const page = paginationQuery;
  const schema = listPricesOperation.query!;

  it("defaults to page 1 of 20 and reads numbers from the query string", () => {
    expect(parseInput(schema, {})).toEqual({ page: 1, limit: 20 });
    expect(parseInput(schema, { page: "3", limit: "100" })).toEqual({ page: 3, limit: 100 });
    expect(page.limit.parse(undefined)).toBe(20);
  });

  it("refuses what is not a page: 0, fractions, words, more than the maximum", () => {
    expect(refusal(schema, { page: "0" })).toEqual({ field: "page", message: "page starts at 1" });
    expect(refusal(schema, { page: "1.5" })).toEqual({ field: "page", message: "page must be a whole number" });
    expect(refusal(schema, { page: "abc" })).toEqual({ field: "page", message: "page must be a number" });
    expect(refusal(schema, { limit: "0" })).toEqual({ field: "limit", message: "limit must be at least 1" });
    expect(refusal(schema, { limit: String(MAX_LIMIT + 1) })).toEqual({ field: "limit", message: `limit must be at most ${MAX_LIMIT}` });
  });

  it("wraps a list as {data, page, limit, total}", () => {
    const envelope = pageEnvelope(listPricesOperation.response as z.ZodType);
    expect(Object.keys(envelope.shape).sort()).toEqual(["data", "limit", "page", "total"]);
  });
});

describe("endpoint queries", () => {
  it("every query is strict: an unknown parameter is refused by name", () => {
    const required: Record<string, Record<string, string>> = {
      "/api/v1/usage/aggregate": { by: "day" },
      "/api/v1/usage/export": { format: "csv" },
      "/api/v1/audit-log/export": { format: "json" },
      "DELETE /api/v1/prices": { provider: "openai", model: "m" },
    };
    let checked = 0;
    for (const endpoint of OPERATIONS) {
      if (!endpoint.query) continue;
      const valid = required[endpoint.path] ?? required[`${endpoint.method} ${endpoint.path}`] ?? {};
      expect(() => parseInput(endpoint.query!, valid), endpoint.path).not.toThrow();
      expect(refusal(endpoint.query, { ...valid, bogus: "1" }).message, endpoint.path).toBe("unknown field: bogus");
      checked++;
    }
    expect(checked).toBe(10);
  });

  it("grants: status and provider filters", () => {
    const q = listGrantsOperation.query!;
    expect(parseInput(q, { status: "paused", provider: "openai" })).toEqual({ status: "paused", provider: "openai", page: 1, limit: 20 });
    expect(refusal(q, { status: "gone" })).toEqual({ field: "status", message: "status must be one of active, paused, revoked, expired" });
    expect(refusal(q, { provider: "skynet" })).toEqual({ field: "provider", message: "unknown provider" });
  });

  it("requests: the status filter", () => {
    expect(parseInput(listRequestsOperation.query!, { status: "pending" })).toMatchObject({ status: "pending" });
    expect(refusal(listRequestsOperation.query!, { status: "maybe" }).field).toBe("status");
  });

  it("usage and the audit log: ISO 8601 dates become Dates, anything else is refused", () => {
    const since = parseInput(listUsageOperation.query!, { since: "2026-11-01", until: "2026-11-02T12:00:00Z" });
    expect(since.since).toEqual(new Date("2026-11-01T00:00:00Z"));
    expect(since.until).toEqual(new Date("2026-11-02T12:00:00Z"));
    expect(refusal(listUsageOperation.query!, { since: "yesterday" })).toEqual({
      field: "since",
      message: "since must be an ISO 8601 date or time",
    });
    expect(refusal(listAuditLogOperation.query!, { until: "soon" }).field).toBe("until");
    expect(refusal(listAuditLogOperation.query!, { action: "Grant.Revoked" }).field).toBe("action");
    expect(refusal(listUsageOperation.query!, { outcome: "fine" }).field).toBe("outcome");
  });

  it("aggregate needs `by`; exports need `format`; neither pages", () => {
    expect(refusal(aggregateUsageOperation.query!, {})).toMatchObject({ field: "by" });
    expect(parseInput(aggregateUsageOperation.query!, { by: "day" })).toEqual({ by: "day" });
    expect(refusal(aggregateUsageOperation.query!, { by: "day", page: "1" }).message).toBe("unknown field: page");
    for (const endpoint of [exportUsageOperation, exportAuditLogOperation]) {
      expect(refusal(endpoint.query!, { format: "xml" }), endpoint.path).toEqual({
        field: "format",
        message: 'format must be "csv" or "json"',
      });
      expect(parseInput(endpoint.query!, { format: "csv" })).toEqual({ format: "csv" });
    }
  });

  it("deleting a price names the model by provider and model", () => {
    expect(parseInput(deletePriceOperation.query!, { provider: "openai", model: " gpt-4o " })).toEqual({
      provider: "openai",
      model: "gpt-4o",
    });
    expect(refusal(deletePriceOperation.query!, { provider: "openai" })).toMatchObject({ field: "model" });
  });
});

describe("endpoint bodies", () => {
  it("a grant PATCH takes only status, expires_at, limits or scopes, and something to change", () => {
    const body = updateGrantOperation.body!;
    expect(parseInput(body, { status: "paused" })).toEqual({ status: "paused" });
    expect(parseInput(body, { limits: { daily_spend: "2.50", requests_per_minute: null } })).toEqual({
      limits: { daily_spend: 2_500_000n, requests_per_minute: null },
    });
    expect(refusal(body, { status: "revoked" }).field).toBe("status");
    expect(refusal(body, { spend: 0 }).message).toBe("unknown field: spend");
    expect(refusal(body, {}).message).toMatch(/nothing to change/);
    expect(refusal(body, { limits: { monthly_spend: null } })).toEqual({
      field: "limits.monthly_spend",
      message: "monthly_spend cannot be removed: every grant keeps a monthly cap",
    });
    expect(refusal(body, { scopes: [{ limits: {} }] })).toMatchObject({ field: "scopes.0.id" });
  });

  it("a price is USD per million tokens, exact to the micro-dollar", () => {
    const body = setPriceOperation.body!;
    expect(parseInput(body, { provider: "openai", model: "m", input: "0.15", output: 0.6 })).toMatchObject({
      input: 150_000n,
      output: 600_000n,
    });
    expect(refusal(body, { provider: "openai", model: "m", input: "-1", output: "1" }).field).toBe("input");
    expect(refusal(body, { provider: "openai", model: "", input: "1", output: "1" })).toEqual({
      field: "model",
      message: "model is required",
    });
  });
});
