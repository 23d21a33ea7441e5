/**
 * Dialect B: the OKAP v1.0 draft (`POST /okap/authorize`, and the `request` parameter of
 * `GET /okap/authorize`), see docs/okap-protocol.md, "Dialect B". Several authorization_details entries
 * make one grant with one token; one entry per provider.
 */
import { z } from "zod";
import * as f from "@/lib/engines/okap/fields";
import { parseOkapInput } from "@/lib/engines/okap/parse-okap-input";
import { apiEntrySchema, toRequestedApiEntry } from "@/lib/engines/okap/api-entry";
import { DRAFT_CAPABILITIES, type OkapRequest } from "@/lib/engines/okap/types";

const aiEntry = z
  .object(
    {
      type: z.literal("ai_model_access", {
        error: (i) => `unknown type ${JSON.stringify(String(i.input)).slice(0, 40)}; expected "ai_model_access" or "api_access"`,
      }),
      ...f.scopeShape(DRAFT_CAPABILITIES),
    },
    { error: "each authorization_details entry must be an object" },
  )
  .strict();

type Entry = ({ kind: "ai" } & z.output<typeof aiEntry>) | ({ kind: "api" } & z.output<typeof apiEntrySchema>);

/** One entry, validated by the schema its `type` names (an unknown type gets the AI schema's message). */
const entry = z.unknown().transform((value, ctx): Entry => {
  const api = typeof value === "object" && value !== null && (value as { type?: unknown }).type === "api_access";
  const result = api ? apiEntrySchema.safeParse(value) : aiEntry.safeParse(value);
  if (result.success) return (api ? { kind: "api", ...result.data } : { kind: "ai", ...result.data }) as Entry;
  for (const issue of result.error.issues) ctx.addIssue({ ...issue } as never);
  return z.NEVER;
});

const schema = z
  .object(
    {
      okap: f.okapVersion.nullish(),
      authorization_details: z
        .array(entry, { error: "authorization_details must be a list" })
        .min(1, "authorization_details must have at least one entry")
        .max(f.MAX_ENTRIES, `authorization_details can have at most ${f.MAX_ENTRIES} entries`)
        .refine((list) => {
          const providers = list.flatMap((e) => (e.kind === "ai" ? [e.provider] : []));
          return new Set(providers).size === providers.length;
        }, "authorization_details has two entries for the same provider"),
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
    entries: body.authorization_details.flatMap((e) => (e.kind === "ai" ? [f.toRequestedEntry(e)] : [])),
    apiEntries: body.authorization_details.flatMap((e) => (e.kind === "api" ? [toRequestedApiEntry(e)] : [])),
  };
}
