import { removeCredential } from "@/lib/domain/credentials/remove-credential";
import type { Command } from "@/cli/command";
import { actingUser, openCliContext } from "@/cli/context";
import { printJson, printLine } from "@/cli/io";

export const credentialRemove: Command = {
  name: "credential remove",
  usage: "credential remove CREDENTIAL_ID [--user EMAIL] [--json]",
  summary: "delete an API credential (refused while a live grant uses it, naming the grants)",
  options: { user: { type: "string" }, json: { type: "boolean" } },
  positionals: 1,
  async run({ values, positionals }) {
    const ctx = await openCliContext();
    const user = await actingUser(ctx, values.user as string | undefined);
    await removeCredential(ctx.db, { ...ctx.actor, id: user.id }, user.id, positionals[0]!);
    if (values.json) printJson({ id: positionals[0], removed: true });
    else printLine(`removed ${positionals[0]}`);
  },
};
