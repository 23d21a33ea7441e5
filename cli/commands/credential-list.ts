import { listCredentials } from "@/lib/domain/credentials/list-credentials";
import type { Command } from "@/cli/command";
import { actingUser, openCliContext } from "@/cli/context";
import { printJson, printLine } from "@/cli/io";

export const credentialList: Command = {
  name: "credential list",
  usage: "credential list [--user EMAIL] [--json]",
  summary: "list API credentials (name, kind, account, destinations, last 4; never a value)",
  options: { user: { type: "string" }, json: { type: "boolean" } },
  async run({ values }) {
    const ctx = await openCliContext();
    const user = await actingUser(ctx, values.user as string | undefined);
    const list = await listCredentials(ctx.db, user.id);
    if (values.json) return printJson(list);
    if (list.length === 0) return printLine("no credentials yet (add one with `vault credential add`)");
    for (const c of list)
      printLine(
        `${c.id}  ${c.name}${c.account ? ` (${c.account})` : ""}  ${c.kind}  ${c.destinations.join(",")}${c.last4 ? `  ...${c.last4}` : ""}`,
      );
  },
};
