/**
 * Strict validation of both dialects over real HTTP (unknown fields and wrong types, oversized and
 * malformed bodies, hostile app URLs and callbacks, providers without a key): every bad request gets a clear error in its dialect's shape and stores nothing.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/support/databases";
import { okapError, rejectedA } from "@/test/support/okap-schemas";
import { startOkapVault, type OkapVault } from "@/test/support/okap-vault";

const entry = { type: "ai_model_access", provider: "openai" };
const client = { name: "Validation App", url: "https://app.example.com", callback: "https://app.example.com/cb" };
const B = (over: Record<string, unknown> = {}, entryOver: Record<string, unknown> = {}, clientOver: Record<string, unknown> = {}) => ({
  okap: "1.0",
  authorization_details: [{ ...entry, ...entryOver }],
  client: { ...client, ...clientOver },
  ...over,
});

// [name, body, status, error type, message pattern]
const DIALECT_B: [string, unknown, number, string, RegExp][] = [
  ["unknown type", B({}, { type: "root_access" }), 400, "invalid_authorization_details", /unknown type "root_access"/],
  ["unknown entry field", B({}, { actions: ["all"] }), 400, "invalid_authorization_details", /unknown field: actions/],
  ["models as a string", B({}, { models: "gpt-4o" }), 400, "invalid_authorization_details", /models must be a list/],
  [
    "limits with a string amount",
    B({}, { limits: { monthly_spend: "10" } }),
    400,
    "invalid_authorization_details",
    /monthly_spend must be a number/,
  ],
  ["negative cap", B({}, { limits: { monthly_spend: -1 } }), 400, "invalid_authorization_details", /monthly_spend must be more than 0/],
  ["unknown limit", B({}, { limits: { yearly_spend: 1 } }), 400, "invalid_authorization_details", /unknown field: yearly_spend/],
  ["unknown provider", B({}, { provider: "skynet" }), 400, "invalid_authorization_details", /unknown provider "skynet"/],
  [
    "capability of the other dialect",
    B({}, { capabilities: ["moderation"] }),
    400,
    "invalid_authorization_details",
    /unknown capability "moderation"/,
  ],
  ["expiry in the past", B({}, { expires: "2020-01-01" }), 400, "invalid_authorization_details", /expires must be in the future/],
  ["expiry not a date", B({}, { expires: "next tuesday" }), 400, "invalid_authorization_details", /expires must be a date/],
  ["reason too long", B({}, { reason: "r".repeat(1001) }), 400, "invalid_authorization_details", /reason must be at most 1000/],
  ["reason with a bidi override", B({}, { reason: "ok \u202Eevil" }), 400, "invalid_authorization_details", /bidirectional or invisible/],
  [
    "51 models",
    B({}, { models: Array.from({ length: 51 }, (_, i) => `m${i}`) }),
    400,
    "invalid_authorization_details",
    /at most 50 models/,
  ],
  ["10k models", B({}, { models: Array.from({ length: 10_000 }, () => "m") }), 400, "invalid_authorization_details", /at most 50 models/],
  ["over-long model name", B({}, { models: ["m".repeat(129)] }), 400, "invalid_authorization_details", /longer than 128/],
  ["model name with markup", B({}, { models: ["<img src=x>"] }), 400, "invalid_authorization_details", /may only contain/],
  ["two entries for one provider", B({ authorization_details: [entry, entry] }), 400, "invalid_authorization_details", /same provider/],
  ["no entries", B({ authorization_details: [] }), 400, "invalid_authorization_details", /at least one entry/],
  ["unknown top-level field", B({ scope: "all" }), 400, "invalid_request", /unknown field: scope/],
  ["wrong okap version", B({ okap: "2.0" }), 400, "invalid_request", /okap must be "1.0"/],
  ["no client", { authorization_details: [entry] }, 400, "invalid_request", /client/],
  ["name with a bidi override", B({}, {}, { name: "Good\u202Eppa" }), 400, "invalid_request", /bidirectional or invisible/],
  ["name with a zero-width space", B({}, {}, { name: "Go\u200Bogle" }), 400, "invalid_request", /bidirectional or invisible/],
  ["name too long", B({}, {}, { name: "n".repeat(101) }), 400, "invalid_request", /at most 100/],
  ["javascript: app URL", B({}, {}, { url: "javascript:alert(1)" }), 400, "invalid_request", /client.url must use https/],
  ["data: app URL", B({}, {}, { url: "data:text/html,<script>alert(1)</script>" }), 400, "invalid_request", /client.url/],
  ["javascript: callback", B({}, {}, { callback: "javascript:alert(1)" }), 400, "invalid_callback", /must use https/],
  ["data: callback", B({}, {}, { callback: "data:text/html,x" }), 400, "invalid_callback", /must use https/],
  ["http callback", B({}, {}, { callback: "http://evil.example/cb" }), 400, "invalid_callback", /must use https/],
  ["userinfo callback", B({}, {}, { callback: "https://good.example@evil.example/cb" }), 400, "invalid_callback", /user name or password/],
  ["backslash callback", B({}, {}, { callback: "https://evil.example\\@good.example/cb" }), 400, "invalid_callback", /backslashes/],
  ["fragment callback", B({}, {}, { callback: "https://app.example.com/cb#frag" }), 400, "invalid_callback", /fragment/],
  ["callback with code", B({}, {}, { callback: "https://app.example.com/cb?code=abc" }), 400, "invalid_callback", /code, state or error/],
  ["callback with state", B({}, {}, { callback: "https://app.example.com/cb?state=abc" }), 400, "invalid_callback", /code, state or error/],
  ["provider without a key", B({}, { provider: "groq" }), 422, "provider_not_configured", /no groq key configured/],
];

const A = (over: Record<string, unknown>) => ({
  okap: "1.0",
  provider: "openai",
  app_name: "Validation App",
  app_url: "https://app.example.com",
  ...over,
});
const DIALECT_A: [string, unknown, number, string, RegExp][] = [
  ["no provider", { app_name: "x" }, 400, "invalid_request", /provider is required/],
  ["unknown field", A({ scopes: ["*"] }), 400, "invalid_request", /unknown field: scopes/],
  ["unknown provider", A({ provider: "skynet" }), 400, "invalid_request", /unknown provider/],
  ["capability outside the SDK enum", A({ capabilities: ["vision"] }), 400, "invalid_request", /unknown capability "vision"/],
  ["models of the wrong type", A({ models: [1, 2] }), 400, "invalid_request", /each model must be a string/],
  ["bidi app name", A({ app_name: "Safe\u2066App" }), 400, "invalid_request", /bidirectional or invisible/],
  ["javascript: redirect_uri", A({ redirect_uri: "javascript:alert(1)" }), 400, "invalid_request", /redirect_uri must use https/],
  ["data: app_url", A({ app_url: "data:text/html,hi" }), 400, "invalid_request", /app_url must use https/],
  ["provider without a key", A({ provider: "google" }), 422, "provider_not_configured", /no google key configured/],
];

describeEachDatabase("OKAP request validation on $kind", (kind) => {
  let v: OkapVault;
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${v.vault.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

  beforeAll(async () => {
    v = await startOkapVault(kind);
  });
  afterAll(() => v.stop());

  it.each(DIALECT_B)("dialect B refuses %s", async (_name, body, status, type, message) => {
    const response = await post("/okap/authorize", JSON.stringify(body));
    const json = await response.json();
    expect(response.status).toBe(status);
    expect(okapError(type).parse(json).error.message).toMatch(message);
  });

  it.each(DIALECT_A)("dialect A refuses %s", async (_name, body, status, code, message) => {
    const response = await post("/okap/request", JSON.stringify(body));
    const json = rejectedA.parse(await response.json());
    expect(response.status).toBe(status);
    expect(json.error_code).toBe(code);
    expect(json.error).toMatch(message);
  });

  it("refuses oversized bodies with 413 and broken JSON, depth bombs and other media types with 400/415", async () => {
    const huge = await post("/okap/authorize", JSON.stringify(B({}, { reason: "x".repeat(2 * 1024 * 1024) })));
    expect(huge.status).toBe(413);
    expect(okapError("payload_too_large").parse(await huge.json())).toBeTruthy();
    const hugeA = await post("/okap/request", JSON.stringify(A({ reason: "x".repeat(2 * 1024 * 1024) })));
    expect(hugeA.status).toBe(413);
    expect(rejectedA.parse(await hugeA.json()).error_code).toBe("invalid_request");
    const bomb = await post("/okap/authorize", "[".repeat(30_000) + "]".repeat(30_000));
    expect(bomb.status).toBe(400);
    const broken = await post("/okap/authorize", "{not json");
    expect(broken.status).toBe(400);
    expect(okapError("invalid_json").parse(await broken.json())).toBeTruthy();
    const form = await post("/okap/request", "provider=openai", { "content-type": "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
  });

  it("answers a poll URL whose id does not percent-decode with 400 in dialect B's shape, not 500", async () => {
    for (const path of ["/okap/requests/%ff", "/okap/requests/%c0%af", "/okap/requests/%ff%fe"]) {
      const response = await fetch(`${v.vault.url}${path}`, { headers: { authorization: "Bearer okps_x" } });
      expect(response.status, path).toBe(400);
      expect(okapError("invalid_request").parse(await response.json()).error.message).toMatch(/percent-encoding/);
    }
  });

  it("stored nothing for any refused request", async () => {
    expect(await v.db.accessRequest.count()).toBe(0);
    expect(await v.db.auditEvent.count({ where: { action: { startsWith: "request." } } })).toBe(0);
  });

  it("accepts loopback callbacks, extra query parameters and null for absent fields", async () => {
    const accepted = [
      ["/okap/authorize", B({}, {}, { url: "http://localhost:5173", callback: "http://localhost:5173/cb" })],
      ["/okap/authorize", B({}, { models: null, limits: null, expires: null }, { callback: "http://127.0.0.1:8080/okap/cb?app=1" })],
      [
        "/okap/request",
        A({
          models: null,
          capabilities: null,
          limits: { monthly_spend: 10, daily_spend: null },
          expires: null,
          reason: null,
          redirect_uri: null,
        }),
      ],
    ] as const;
    for (const [path, body] of accepted) {
      const response = await post(path, JSON.stringify(body), { prefer: "respond-async" });
      expect(response.status, JSON.stringify(body)).toBe(202);
    }
    expect(await v.db.accessRequest.count()).toBe(3);
  });
});
