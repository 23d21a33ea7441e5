import { removeProviderKey } from "@/lib/domain/provider-keys/remove-provider-key";
import type { Command } from "@/cli/command";
import { actingUser, openCliContext } from "@/cli/context";
import { printJson, printLine } from "@/cli/io";

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
