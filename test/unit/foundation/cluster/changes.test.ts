/** The change payloads instances send each other: every kind round-trips, anything else is ignored. */
import { describe, expect, it } from "vitest";
import { decodeChange, encodeChange, type Change } from "@/lib/foundation/cluster/changes";

describe("change payloads", () => {
  it("round-trip every kind of change", () => {
    const changes: Change[] = [
      { kind: "grant", id: "grt_abc-1" },
      { kind: "request", id: "req_X_2" },
      { kind: "grants" },
      { kind: "upstreams" },
      { kind: "prices" },
    ];
    for (const change of changes) expect(decodeChange(encodeChange(change))).toEqual(change);
    expect(changes.map(encodeChange)).toEqual(["grant:grt_abc-1", "request:req_X_2", "grants:*", "upstreams:*", "prices:*"]);
  });

  it("ignore unknown kinds, bad ids and whole-table kinds with an id", () => {
    for (const payload of [
      "",
      "grant:",
      "grant:a b",
      "grant:*",
      "token:tok_1",
      "prices:openai",
      "upstreams:",
      "prices",
      `grant:${"x".repeat(65)}`,
    ]) {
      expect(decodeChange(payload), payload).toBeNull();
    }
  });
});
