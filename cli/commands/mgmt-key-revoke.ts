import { revokeManagementKey } from "@/lib/domain/management-keys/revoke-management-key";
import type { Command } from "@/cli/command";
import { actingUser, openCliContext } from "@/cli/context";
import { printJson, printLine } from "@/cli/io";

export const mgmtKeyRevoke: Command = {
  name: "mgmt-key revoke",
  usage: "mgmt-key revoke KEY_ID [--user EMAIL] [--json]",
  summary: "revoke a management API key",
  options: { user: { type: "string" }, json: { type: "boolean" } },
  positionals: 1,
  async run({ values, positionals }) {
    const ctx = await openCliContext();
    const user = await actingUser(ctx, values.user as string | undefined);
    const view = await revokeManagementKey(ctx.db, { ...ctx.actor, id: user.id }, user.id, positionals[0]!);
    if (values.json) printJson(view);
    else printLine(`revoked ${view.id}`);
  },
};
