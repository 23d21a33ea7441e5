import { resetContainment } from "@/lib/domain/grants/reset-containment";
import type { Command } from "@/cli/command";
import { actingUser, openCliContext } from "@/cli/context";
import { printJson, printLine } from "@/cli/io";

/** `grants reset-containment`: the owner's reset after a request cost more than its reservation. */
export const grantsResetContainment: Command = {
  name: "grants reset-containment",
  usage: "grants reset-containment GRANT_ID [--user EMAIL] [--json]",
  summary: "end overshoot containment: a grant contained after a request cost more than its reservation admits concurrent requests again",
  options: { user: { type: "string" }, json: { type: "boolean" } },
  positionals: 1,
  async run({ values, positionals }) {
    const ctx = await openCliContext();
    const user = await actingUser(ctx, values.user as string | undefined);
    const grant = await resetContainment(ctx.db, { ...ctx.actor, id: user.id }, user.id, positionals[0]!);
    if (values.json) printJson({ id: grant.id, contained: grant.scopes.filter((s) => s.contained).map((s) => s.id) });
    else printLine(`${grant.id}: no entry is contained`);
  },
};
