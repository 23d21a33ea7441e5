/**
 * The one usage filter of the usage page, its exports, the grant page's request log and the
 * management API: always one user's events, only the filters given, dates as [since, until); and
 * a page's search params turned into it without ever failing the page.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseUsageSearch } from "@/lib/domain/usage/parse-usage-search";
import { usageFilters, usageWhere } from "@/lib/domain/usage/usage-filter";

const filters = z.object(usageFilters).strict();

describe("usageWhere", () => {
  it("always restricts to the user, whatever the filter", () => {
    expect(usageWhere("usr_1", {})).toEqual({ userId: "usr_1" });
  });

  it("adds exactly the filters given, with the date range as since <= created < until", () => {
    const since = new Date("2026-11-01T00:00:00Z");
    const until = new Date("2026-12-01T00:00:00Z");
    expect(usageWhere("usr_1", { grant_id: "grt_1", provider: "openai", model: "gpt-4o-mini", outcome: "ok", since, until })).toEqual({
      userId: "usr_1",
      grantId: "grt_1",
      provider: "openai",
      model: "gpt-4o-mini",
      outcome: "ok",
      createdAt: { gte: since, lt: until },
    });
    expect(usageWhere("usr_1", { until })).toEqual({ userId: "usr_1", createdAt: { lt: until } });
    expect(usageWhere("usr_1", { since })).toEqual({ userId: "usr_1", createdAt: { gte: since } });
  });
});

describe("usageFilters", () => {
  it("reads dates as ISO dates (midnight UTC) or date-times", () => {
    expect(filters.parse({ since: "2026-11-01", until: "2026-11-02T06:30:00Z" })).toEqual({
      since: new Date("2026-11-01T00:00:00Z"),
      until: new Date("2026-11-02T06:30:00Z"),
    });
  });

  it("refuses unknown providers and outcomes, bad dates and over-long values with a message naming the field", () => {
    const message = (input: unknown) => filters.safeParse(input).error?.issues[0]?.message;
    expect(message({ provider: "acme" })).toBe("unknown provider");
    expect(message({ outcome: "great" })).toMatch(/^outcome must be one of pending, ok, upstream_error/);
    expect(message({ since: "last week" })).toBe("since must be an ISO 8601 date or time");
    expect(message({ grant_id: "g".repeat(65) })).toBe("grant_id is too long");
    expect(message({ model: "m".repeat(201) })).toBe("model is too long");
  });
});

describe("parseUsageSearch", () => {
  it("keeps the filters that are set, drops empty and unknown params, and pages from 1", () => {
    const result = parseUsageSearch({ provider: "openai", model: "", grant_id: undefined, utm_source: "x", page: "3" }, 50);
    expect(result).toEqual({ filter: { provider: "openai", page: 3, limit: 50 }, raw: { provider: "openai", page: "3" }, problem: null });
    expect(parseUsageSearch({}, 25)).toEqual({ filter: { page: 1, limit: 25 }, raw: {}, problem: null });
  });

  it("ignores repeated params (arrays) and lets the page, not the URL, choose the page size", () => {
    const result = parseUsageSearch({ provider: ["openai", "anthropic"], limit: "100" }, 20);
    expect(result.filter).toEqual({ page: 1, limit: 20 });
    expect(result.raw).toEqual({ limit: "100" });
  });

  it("reports an invalid filter and falls back to no filter instead of failing the page", () => {
    expect(parseUsageSearch({ provider: "acme", model: "gpt-4o" }, 20)).toEqual({
      filter: { page: 1, limit: 20 },
      raw: {},
      problem: "unknown provider",
    });
    expect(parseUsageSearch({ page: "0" }, 20).problem).toBe("page starts at 1");
  });
});
