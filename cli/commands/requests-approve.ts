import { approveAccessRequest } from "@/lib/domain/access-requests/approve-access-request";
import { findAccessRequestOrThrow } from "@/lib/domain/access-requests/find-access-request-or-throw";
import { parseStoredRequest } from "@/lib/engines/okap/stored-request";
import type { Command } from "@/cli/command";
import { actingUser, openCliContext } from "@/cli/context";
import { CliError, commaList, printJson, printLine } from "@/cli/io";

export const requestsApprove: Command = {
  name: "requests approve",
  usage:
    "requests approve REQUEST_ID [--monthly-spend USD] [--daily-spend USD] [--models a,b] [--providers a,b] [--expires ISO] [--credentials CRD_ID,...] [--methods GET,HEAD] [--path-prefixes /a,/b] [--api-rpm N] [--api-rpd N] [--user EMAIL] [--json]",
  summary:
    "approve a pending request, optionally tightened (caps apply to every provider kept; --providers keeps only those; the --credentials, --methods, --path-prefixes and --api-* options apply to its api_access entries)",
  options: {
    "monthly-spend": { type: "string" },
    "daily-spend": { type: "string" },
    models: { type: "string" },
    providers: { type: "string" },
    expires: { type: "string" },
    credentials: { type: "string" },
    methods: { type: "string" },
    "path-prefixes": { type: "string" },
    "api-rpm": { type: "string" },
    "api-rpd": { type: "string" },
    user: { type: "string" },
    json: { type: "boolean" },
  },
  positionals: 1,
  async run({ values, positionals }) {
    const id = positionals[0]!;
    const ctx = await openCliContext();
    const user = await actingUser(ctx, values.user as string | undefined);
    const request = parseStoredRequest((await findAccessRequestOrThrow(ctx.db, user.id, id)).body);
    const models = commaList(values.models);
    if (models && request.entries.length > 1) throw new CliError("--models works only for a request with one provider");
    const kept = commaList(values.providers);
    const unknown = kept?.find((p) => !request.entries.some((e) => e.provider === p));
    if (unknown)
      throw new CliError(`--providers: ${unknown} was not requested (requested: ${request.entries.map((e) => e.provider).join(", ")})`);
    const limits = { monthly_spend: values["monthly-spend"] ?? null, daily_spend: values["daily-spend"] ?? null };
    const entries = request.entries.map((e) =>
      kept && !kept.includes(e.provider) ? { provider: e.provider, excluded: true } : { provider: e.provider, models, limits },
    );
    const whole = (name: string) => {
      const v = values[name];
      if (v === undefined) return null;
      if (!/^\d+$/.test(String(v))) throw new CliError(`--${name} must be a whole number`);
      return Number(v);
    };
    const apiLimits = { requests_per_minute: whole("api-rpm"), requests_per_day: whole("api-rpd") };
    const apiEntries = request.apiEntries.map((_e, index) => ({
      index,
      credential_ids: commaList(values.credentials),
      methods: commaList(values.methods),
      path_prefixes: commaList(values["path-prefixes"]),
      limits: apiLimits,
    }));
    const { grantId } = await approveAccessRequest(ctx.db, { ...ctx.actor, id: user.id }, user.id, id, {
      entries,
      api_entries: apiEntries,
      expires_at: values.expires ?? null,
      confirm_callback: true,
    });
    if (values.json) printJson({ id, status: "approved", grant_id: grantId });
    else printLine(`approved ${id}: grant ${grantId}`);
  },
};
