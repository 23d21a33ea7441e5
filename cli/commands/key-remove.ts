import { removeProviderKey } from "@/lib/provider-keys/remove-provider-key";
import type { Command } from "../command";
import { actingUser, openCliContext } from "../context";
import { printJson, printLine } from "../io";

export const keyRemove: Command = {
  name: "key remove",
  usage: "key remove KEY_ID [--user EMAIL] [--json]",
  summary: "delete a provider key (refused while a live grant uses it)",
  options: { user: { type: "string" }, json: { type: "boolean" } },
  positionals: 1,
  async run({ values, positionals }) {
    const ctx = await openCliContext();
    const user = await actingUser(ctx, values.user as string | undefined);
    await removeProviderKey(ctx.db, { ...ctx.actor, id: user.id }, user.id, positionals[0]!);
    if (values.json) printJson({ id: positionals[0], removed: true });
    else printLine(`removed ${positionals[0]}`);
  },
};
