/**
 * Dialect A: the flat body of the published `okap` SDK (`POST /okap/request`), see
 * docs/okap-protocol.md, "Dialect A". Every field but `provider` is optional; null counts as absent.
 */
import { z } from "zod";
import * as f from "@/lib/engines/okap/fields";
import { parseOkapInput } from "@/lib/engines/okap/parse-okap-input";
import { CAPABILITIES } from "@/lib/engines/providers/capabilities";
import type { OkapRequest } from "@/lib/engines/okap/types";

const schema = z
  .object(
    {
      okap: f.okapVersion.nullish(),
      ...f.scopeShape(CAPABILITIES),
      app_name: f.clientNameField("app_name").nullish(),
      app_url: f.clientUrlField("app_url").nullish(),
      redirect_uri: f.callbackField("redirect_uri").nullish(),
    },
    { error: "the body must be a JSON object" },
  )
  .strict();

export function parseDialectA(input: unknown): OkapRequest {
  const body = parseOkapInput(schema, input, (field) => (field === "redirect_uri" ? "invalid_callback" : "invalid_request"));
  const url = body.app_url ?? null;
  return {
    dialect: "a",
    client: { name: body.app_name ?? (url ? new URL(url).host : "Unnamed app"), url, callback: body.redirect_uri ?? null },
    entries: [f.toRequestedEntry(body)],
    apiEntries: [],
  };
}
