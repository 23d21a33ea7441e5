/**
 * Dialect B: the OKAP v1.0 draft (`POST /okap/authorize`, and the `request` parameter of
 * `GET /okap/authorize`), see docs/okap-protocol.md, "Dialect B". Several authorization_details entries
 * make one grant with one token; one entry per provider.
 */
import { z } from "zod";
import * as f from "@/lib/engines/okap/fields";
import { parseOkapInput } from "@/lib/engines/okap/parse-okap-input";
import { DRAFT_CAPABILITIES, type OkapRequest } from "@/lib/engines/okap/types";

const entry = z
  .object(
    {
      type: z.literal("ai_model_access", {
        error: (i) => `unknown type ${JSON.stringify(String(i.input)).slice(0, 40)}; expected "ai_model_access"`,
      }),
      ...f.scopeShape(DRAFT_CAPABILITIES),
    },
    { error: "each authorization_details entry must be an object" },
  )
  .strict();

const schema = z
  .object(
    {
      okap: f.okapVersion.nullish(),
      authorization_details: z
        .array(entry, { error: "authorization_details must be a list" })
        .min(1, "authorization_details must have at least one entry")
        .max(f.MAX_ENTRIES, `authorization_details can have at most ${f.MAX_ENTRIES} entries`)
        .refine(
          (list) => new Set(list.map((e) => e.provider)).size === list.length,
          "authorization_details has two entries for the same provider",
        ),
      client: z
        .object(
          {
            name: f.clientNameField("client.name"),
            url: f.clientUrlField("client.url").nullish(),
            callback: f.callbackField("client.callback").nullish(),
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
    entries: body.authorization_details.map(f.toRequestedEntry),
  };
}
