import { listProviderKeys } from "@/lib/domain/provider-keys/list-provider-keys";
import type { Command } from "@/cli/command";
import { actingUser, openCliContext } from "@/cli/context";
import { printJson, printLine } from "@/cli/io";

export const keyList: Command = {
  name: "key list",
  usage: "key list [--user EMAIL] [--json]",
  summary: "list provider keys (metadata and last 4 characters only)",
  options: { user: { type: "string" }, json: { type: "boolean" } },
  async run({ values }) {
    const ctx = await openCliContext();
    const user = await actingUser(ctx, values.user as string | undefined);
    const keys = await listProviderKeys(ctx.db, user.id);
    if (values.json) return printJson(keys);
    if (keys.length === 0) return printLine("no provider keys yet (add one with `vault key add`)");
    for (const k of keys) printLine(`${k.id}  ${k.provider.padEnd(10)}  ${k.label}${k.last4 ? `  ...${k.last4}` : ""}`);
  },
};
