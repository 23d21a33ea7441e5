import { listGrants } from "@/lib/domain/grants/list-grants";
import type { Command } from "@/cli/command";
import { actingUser, openCliContext } from "@/cli/context";
import { printJson, printLine } from "@/cli/io";

export const grantsList: Command = {
  name: "grants list",
  usage: "grants list [--user EMAIL] [--json]",
  summary: "list grants: app, providers, limits, expiry, token last 4",
  options: { user: { type: "string" }, json: { type: "boolean" } },
  async run({ values }) {
    const ctx = await openCliContext();
    const user = await actingUser(ctx, values.user as string | undefined);
    const grants = (await listGrants(ctx.db, user.id)).data;
    if (values.json) return printJson(grants);
    if (grants.length === 0) return printLine("no grants");
    for (const g of grants)
      printLine(`${g.id}  ${g.status.padEnd(7)}  ${g.client_name}  (${g.providers.join(", ")})  until ${g.expires_at}`);
  },
};
