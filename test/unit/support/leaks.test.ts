/** The leak search itself: it must find real leaks and only excuse the stored last-4 boundary. */
import { describe, expect, it } from "vitest";
import { leakedFragments } from "@/test/support/leaks";

const secret = "sk-CANARY-abcdefghijklmnopqrstuvwxyz";

describe("leakedFragments", () => {
  it("finds any 5-character run of the secret", () => {
    expect(leakedFragments(secret, "nothing here")).toEqual([]);
    expect(leakedFragments(secret, "...ghijk...")).toEqual(["ghijk"]);
    expect(leakedFragments(secret, Buffer.from(`row${secret.slice(5, 12)}row`))).toEqual(["NARY-", "ARY-a", "RY-ab"]);
  });

  it("excuses only the byte before a stored last4, never a longer run", () => {
    const adjacency = Buffer.concat([Buffer.from([0x01, 0x02]), Buffer.from("v"), Buffer.from("wxyz2026-11-22")]);
    expect(leakedFragments(secret, adjacency)).toEqual(["vwxyz"]);
    expect(leakedFragments(secret, adjacency, 4, { storesLast4: true })).toEqual([]);
    expect(leakedFragments(secret, Buffer.from("uvwxyz"), 4, { storesLast4: true })).toEqual(["uvwxy"]);
  });
});
