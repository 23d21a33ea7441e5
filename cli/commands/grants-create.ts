import { createManualGrant } from "@/lib/domain/grants/create-manual-grant";
import type { Command } from "@/cli/command";
import { actingUser, openCliContext } from "@/cli/context";
import { commaList, printJson, printLine } from "@/cli/io";

/** A number flag as the operation's input: its own schema refuses what is not a positive number. */
const num = (value: unknown) => (typeof value === "string" ? (value.trim() === "" ? Number.NaN : Number(value)) : null);

/** `grants create`: connect an app by hand (a grant and its token, no OKAP client needed). */
export const grantsCreate: Command = {
  name: "grants create",
  usage:
    "grants create --name NAME --provider P [--models a,b] [--capabilities chat,embeddings] [--monthly-spend USD] [--daily-spend USD] [--rpm N] [--rpd N] [--tokens-per-request N] [--expires ISO] [--key KEY_ID] [--user EMAIL] [--json]",
  summary: "connect an app by hand: create a grant and print its token once (unset limits and expiry take the grant defaults)",
  options: {
    name: { type: "string" },
    url: { type: "string" },
    provider: { type: "string" },
    models: { type: "string" },
    capabilities: { type: "string" },
    "monthly-spend": { type: "string" },
    "daily-spend": { type: "string" },
    rpm: { type: "string" },
    rpd: { type: "string" },
    "tokens-per-request": { type: "string" },
    expires: { type: "string" },
    key: { type: "string" },
    user: { type: "string" },
    json: { type: "boolean" },
  },
  async run({ values }) {
    const ctx = await openCliContext();
    const user = await actingUser(ctx, values.user as string | undefined);
    const limits = Object.fromEntries(
      Object.entries({
        monthly_spend: num(values["monthly-spend"]),
        daily_spend: num(values["daily-spend"]),
        requests_per_minute: num(values.rpm),
        requests_per_day: num(values.rpd),
        tokens_per_request: num(values["tokens-per-request"]),
      }).filter(([, v]) => v !== null),
    );
    const { grant, token, baseUrl } = await createManualGrant(ctx.db, { ...ctx.actor, id: user.id }, user.id, {
      name: values.name,
      url: values.url ?? null,
      provider: values.provider,
      models: commaList(values.models),
      capabilities: commaList(values.capabilities),
      limits,
      expires_at: values.expires ?? null,
      provider_key_id: values.key ?? null,
    });
    if (values.json)
      printJson({ grant_id: grant.id, token, base_url: baseUrl, expires_at: grant.expires_at, limits: grant.scopes[0]!.limits });
    else {
      printLine(`grant ${grant.id} for ${grant.client_name}, expires ${grant.expires_at}`);
      printLine(`base URL: ${baseUrl}`);
      printLine(`token (shown once): ${token}`);
    }
  },
};
