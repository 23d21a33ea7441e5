import { revokeGrant } from "@/lib/domain/grants/revoke-grant";
import type { Command } from "@/cli/command";
import { actingUser, openCliContext } from "@/cli/context";
import { printJson, printLine } from "@/cli/io";

export const grantsRevoke: Command = {
  name: "grants revoke",
  usage: "grants revoke GRANT_ID [--user EMAIL] [--json]",
  summary: "revoke a grant: its token stops working (revoking twice is a no-op)",
  options: { user: { type: "string" }, json: { type: "boolean" } },
  positionals: 1,
  async run({ values, positionals }) {
    const ctx = await openCliContext();
    const user = await actingUser(ctx, values.user as string | undefined);
    const result = await revokeGrant(ctx.db, { ...ctx.actor, id: user.id }, user.id, positionals[0]!);
    if (values.json) printJson({ id: result.id, status: result.status });
    else printLine(result.already ? `${result.id} was already revoked` : `revoked ${result.id}`);
  },
};
