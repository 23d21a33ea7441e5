import { denyAccessRequest } from "@/lib/domain/access-requests/deny-access-request";
import type { Command } from "@/cli/command";
import { actingUser, openCliContext } from "@/cli/context";
import { printJson, printLine } from "@/cli/io";

export const requestsDeny: Command = {
  name: "requests deny",
  usage: "requests deny REQUEST_ID [--reason TEXT] [--user EMAIL] [--json]",
  summary: "deny a pending request (the reason is sent to the app)",
  options: { reason: { type: "string" }, user: { type: "string" }, json: { type: "boolean" } },
  positionals: 1,
  async run({ values, positionals }) {
    const id = positionals[0]!;
    const ctx = await openCliContext();
    const user = await actingUser(ctx, values.user as string | undefined);
    await denyAccessRequest(ctx.db, { ...ctx.actor, id: user.id }, user.id, id, { reason: values.reason ?? null });
    if (values.json) printJson({ id, status: "denied" });
    else printLine(`denied ${id}`);
  },
};
