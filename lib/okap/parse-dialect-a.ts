/**
 * Dialect A: the flat body of the published `okap` SDK (`POST /okap/request`), see
 * docs okap-protocol.md section 1. Every field but `provider` is optional; null counts as absent.
 */
import { z } from "zod";
import {
  callbackField,
  capabilitiesField,
  clientNameField,
  clientUrlField,
  expiresField,
  limitsField,
  modelsField,
  okapVersion,
  providerField,
  reasonField,
} from "./fields";
import { parseOkapInput } from "./parse-okap-input";
import { CAPABILITIES_A, DEFAULT_CAPABILITIES, type OkapRequest } from "./types";

const schema = z
  .object(
    {
      okap: okapVersion.nullish(),
      provider: providerField,
      models: modelsField.nullish(),
      capabilities: capabilitiesField(CAPABILITIES_A).nullish(),
      limits: limitsField.nullish(),
      expires: expiresField.nullish(),
      reason: reasonField.nullish(),
      app_name: clientNameField("app_name").nullish(),
      app_url: clientUrlField("app_url").nullish(),
      redirect_uri: callbackField("redirect_uri").nullish(),
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
    entries: [
      {
        provider: body.provider,
        models: body.models ?? [],
        capabilities: body.capabilities?.length ? body.capabilities : [...DEFAULT_CAPABILITIES],
        limits: body.limits ?? {},
        expires: body.expires ?? null,
        reason: body.reason ?? null,
      },
    ],
  };
}
