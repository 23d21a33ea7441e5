/** Dialect B's api_access entries: alone or beside AI entries, validated strictly, stored and read back. */
import { describe, expect, it } from "vitest";
import { parseDialectB } from "@/lib/engines/okap/parse-dialect-b";
import { parseStoredRequest, serializeRequest } from "@/lib/engines/okap/stored-request";

const body = (...entries: unknown[]) => ({ okap: "1.0", authorization_details: entries, client: { name: "Agent" } });
const api = (over: Record<string, unknown> = {}) => ({ type: "api_access", hosts: ["api.github.com"], ...over });

describe("api_access entries", () => {
  it("parses an entry with every field, normalizing hosts and methods", () => {
    const r = parseDialectB(
      body(
        api({
          hosts: ["API.GitHub.com", "127.0.0.1:9999"],
          credentials: ["GITHUB_TOKEN"],
          methods: ["get", "HEAD"],
          limits: { requests_per_minute: 60, requests_per_day: 5000 },
          expires: "2029-01-01",
          reason: "triage issues",
        }),
      ),
    );
    expect(r.entries).toEqual([]);
    expect(r.apiEntries).toEqual([
      {
        hosts: ["api.github.com", "127.0.0.1:9999"],
        credentials: ["GITHUB_TOKEN"],
        methods: ["GET", "HEAD"],
        limits: { requests_per_minute: 60, requests_per_day: 5000 },
        expires: new Date("2029-01-01T00:00:00Z"),
        reason: "triage issues",
      },
    ]);
    expect(parseStoredRequest(serializeRequest(r))).toEqual(r);
  });

  it("sits beside AI entries in one request", () => {
    const r = parseDialectB(body({ type: "ai_model_access", provider: "openai" }, api({ hosts: ["*"] })));
    expect(r.entries.map((e) => e.provider)).toEqual(["openai"]);
    expect(r.apiEntries[0]!.hosts).toEqual(["*"]);
  });

  it.each([
    [api({ hosts: [] }), /at least one host/],
    [api({ hosts: ["https://api.github.com"] }), /is not a host/],
    [api({ hosts: ["api.github.com/repos"] }), /is not a host/],
    [api({ hosts: ["*", "api.github.com"] }), /wildcard grant is hosts/],
    [api({ credentials: ["github_token"] }), /credential name/],
    [api({ methods: ["TRACE"] }), /unknown method/],
    [api({ limits: { monthly_spend: 5 } }), /unknown field: monthly_spend/],
    [api({ models: ["x"] }), /unknown field: models/],
    [{ type: "root_access" }, /unknown type "root_access"/],
  ])("refuses a bad entry (%#)", (entry, message) => {
    expect(() => parseDialectB(body(entry))).toThrow(message);
    try {
      parseDialectB(body(entry));
    } catch (error) {
      expect(error).toMatchObject({ code: "invalid_authorization_details" });
    }
  });
});
