/**
 * Dialect B: the OKAP v1.0 draft (`POST /okap/authorize`, and the `request` parameter of
 * `GET /okap/authorize`), see okap-protocol.md section 2. Several authorization_details entries
 * make one grant with one token; one entry per provider.
 */
import { z } from "zod";
import {
  callbackField,
  capabilitiesField,
  clientNameField,
  clientUrlField,
  expiresField,
  limitsField,
  MAX_ENTRIES,
  modelsField,
  okapVersion,
  providerField,
  reasonField,
} from "./fields";
import { parseOkapInput } from "./parse-okap-input";
import { CAPABILITIES_B, DEFAULT_CAPABILITIES, type OkapRequest } from "./types";

const entry = z
  .object(
    {
      type: z.literal("ai_model_access", { error: (i) => `unknown type ${JSON.stringify(String(i.input)).slice(0, 40)}; expected "ai_model_access"` }),
      provider: providerField,
      models: modelsField.nullish(),
      capabilities: capabilitiesField(CAPABILITIES_B).nullish(),
      limits: limitsField.nullish(),
      expires: expiresField.nullish(),
      reason: reasonField.nullish(),
    },
    { error: "each authorization_details entry must be an object" },
  )
  .strict();

const schema = z
  .object(
    {
      okap: okapVersion.nullish(),
      authorization_details: z
        .array(entry, { error: "authorization_details must be a list" })
        .min(1, "authorization_details must have at least one entry")
        .max(MAX_ENTRIES, `authorization_details can have at most ${MAX_ENTRIES} entries`)
        .refine((list) => new Set(list.map((e) => e.provider)).size === list.length, "authorization_details has two entries for the same provider"),
      client: z
        .object(
          {
            name: clientNameField("client.name"),
            url: clientUrlField("client.url").nullish(),
            callback: callbackField("client.callback").nullish(),
          },
          { error: "client must be an object with at least a name" },
        )
        .strict(),
    },
    { error: "the body must be a JSON object" },
  )
  .strict();

function classify(field: string) {
  if (field.startsWith("authorization_details")) return "invalid_authorization_details" as const;
  if (field === "client.callback") return "invalid_callback" as const;
  return "invalid_request" as const;
}

export function parseDialectB(input: unknown): OkapRequest {
  const body = parseOkapInput(schema, input, classify);
  return {
    dialect: "b",
    client: { name: body.client.name, url: body.client.url ?? null, callback: body.client.callback ?? null },
    entries: body.authorization_details.map((e) => ({
      provider: e.provider,
      models: e.models ?? [],
      capabilities: e.capabilities?.length ? e.capabilities : [...DEFAULT_CAPABILITIES],
      limits: e.limits ?? {},
      expires: e.expires ?? null,
      reason: e.reason ?? null,
    })),
  };
}
