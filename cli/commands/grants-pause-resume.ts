import { pauseGrant } from "@/lib/domain/grants/pause-grant";
import { resumeGrant } from "@/lib/domain/grants/resume-grant";
import type { Command } from "@/cli/command";
import { actingUser, openCliContext } from "@/cli/context";
import { printJson, printLine } from "@/cli/io";

/** `grants pause` and `grants resume`: one command each over the same audited grant update. */
function statusCommand(verb: "pause" | "resume", change: typeof pauseGrant, summary: string): Command {
  return {
    name: `grants ${verb}`,
    usage: `grants ${verb} GRANT_ID [--user EMAIL] [--json]`,
    summary,
    options: { user: { type: "string" }, json: { type: "boolean" } },
    positionals: 1,
    async run({ values, positionals }) {
      const ctx = await openCliContext();
      const user = await actingUser(ctx, values.user as string | undefined);
      const grant = await change(ctx.db, { ...ctx.actor, id: user.id }, user.id, positionals[0]!);
      if (values.json) printJson({ id: grant.id, status: grant.status });
      else printLine(`${grant.id} is ${grant.status}`);
    },
  };
}

export const grantsPause = statusCommand(
  "pause",
  pauseGrant,
  "pause a grant: its token is refused (403 grant_paused) until resumed, on every instance within a second",
);
export const grantsResume = statusCommand("resume", resumeGrant, "resume a paused grant: its token works again");
