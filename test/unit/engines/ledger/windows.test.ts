/**
 * The ledger's window keys: which windows a moment belongs to (UTC, whatever the process's time
 * zone), when they reset, how keys read back, and which rate-limit rows pruning keeps.
 */
import { describe, expect, it } from "vitest";
import { rateSteps } from "@/lib/engines/ledger/rate-limit";
import {
  parseSpendWindow,
  ratePrune,
  rateWindows,
  recentSpendWindows,
  spendWindowResets,
  spendWindows,
} from "@/lib/engines/ledger/windows";

const at = (iso: string) => Date.parse(iso);

describe("spend windows", () => {
  it("are the UTC month and day", () => {
    expect(spendWindows(at("2026-11-22T12:34:56Z"))).toEqual({ month: "m:2026-11", day: "d:2026-11-22" });
    // 23:30 in New York on the 30th is already December 1st in UTC
    expect(spendWindows(at("2026-11-30T23:30:00-05:00"))).toEqual({ month: "m:2026-12", day: "d:2026-12-01" });
    expect(spendWindows(at("2026-12-31T23:59:59.999Z"))).toEqual({ month: "m:2026-12", day: "d:2026-12-31" });
  });

  it("reset at the next UTC month and midnight", () => {
    expect(spendWindowResets(at("2026-11-22T12:00:00Z"))).toEqual({
      month: new Date("2026-12-01T00:00:00Z"),
      day: new Date("2026-11-23T00:00:00Z"),
    });
    expect(spendWindowResets(at("2026-12-31T23:59:59Z"))).toEqual({
      month: new Date("2027-01-01T00:00:00Z"),
      day: new Date("2027-01-01T00:00:00Z"),
    });
  });

  it("recent ones include the day and the month just before", () => {
    expect(recentSpendWindows(at("2026-11-22T12:00:00Z"))).toEqual(["m:2026-11", "d:2026-11-22", "d:2026-11-21", "m:2026-10"]);
    expect(recentSpendWindows(at("2027-01-01T00:10:00Z"))).toEqual(["m:2027-01", "d:2027-01-01", "d:2026-12-31", "m:2026-12"]);
    expect(recentSpendWindows(at("2024-03-01T08:00:00Z"))).toContain("d:2024-02-29");
  });

  it("read back as their period and label; other keys are none", () => {
    expect(parseSpendWindow("m:2026-11")).toEqual({ period: "month", label: "2026-11" });
    expect(parseSpendWindow("d:2026-11-22")).toEqual({ period: "day", label: "2026-11-22" });
    for (const key of ["rm:0029412345", "rd:2026-11-22", "m:2026-11-22", "d:2026-11", "2026-11", ""])
      expect(parseSpendWindow(key)).toBeNull();
    const { month, day } = spendWindows(Date.now());
    expect([parseSpendWindow(month)?.period, parseSpendWindow(day)?.period]).toEqual(["month", "day"]);
  });
});

describe("rate-limit windows", () => {
  const now = at("2026-11-22T12:00:45Z");
  const minute = Math.floor(now / 60_000);
  const rm = (m: number) => `rm:00${m}`; // 29,412,000-odd minutes since 1970: eight digits, padded to ten

  it("are the epoch minute (ten digits, so keys sort as numbers) and the UTC day, with their predecessors", () => {
    expect(rateWindows(now)).toEqual({
      minute: { window: rm(minute), previous: rm(minute - 1), restMs: 15_000 },
      day: { window: "rd:2026-11-22", previous: "rd:2026-11-21", restMs: 12 * 3_600_000 - 45_000 },
    });
    expect(rateWindows(0).minute.window).toBe("rm:0000000000");
    expect(rateWindows(at("2026-11-22T00:00:00Z")).day.restMs).toBe(86_400_000);
  });

  it("become the steps of the limits a grant entry has", () => {
    expect(rateSteps({ requestsPerMinute: 10, requestsPerDay: null }, now)).toEqual({
      perMinute: { limit: 10, ...rateWindows(now).minute },
      perDay: null,
    });
    expect(rateSteps({ requestsPerMinute: null, requestsPerDay: 500 }, now).perDay).toEqual({ limit: 500, ...rateWindows(now).day });
  });

  it("are pruned once no admission reads them: everything older than the previous window's predecessor", () => {
    const prune = ratePrune(now);
    expect(prune).toEqual({
      minute: { like: "rm:%", before: rm(minute - 2) },
      day: { like: "rd:%", before: "rd:2026-11-20" },
    });
    const read = rateWindows(now);
    for (const kept of [read.minute.window, read.minute.previous]) expect(kept >= prune.minute.before).toBe(true);
    for (const kept of [read.day.window, read.day.previous]) expect(kept >= prune.day.before).toBe(true);
    expect(rm(minute - 3) < prune.minute.before).toBe(true);
    expect("rd:2026-11-19" < prune.day.before).toBe(true);
  });
});
