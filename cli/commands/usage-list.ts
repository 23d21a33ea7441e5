import { formatUsd } from "@/lib/foundation/money/micros";
import { listUsageEvents } from "@/lib/domain/usage/list-usage-events";
import type { Command } from "@/cli/command";
import { actingUser, openCliContext } from "@/cli/context";
import { CliError, printJson, printLine } from "@/cli/io";

export const usageList: Command = {
  name: "usage",
  usage: "usage [--grant GRANT_ID] [--since ISO_TIME] [--limit N] [--user EMAIL] [--json]",
  summary: "list proxied requests with their tokens and cost, newest first",
  options: {
    grant: { type: "string" },
    since: { type: "string" },
    limit: { type: "string" },
    user: { type: "string" },
    json: { type: "boolean" },
  },
  async run({ values }) {
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && !Number.isInteger(limit)) throw new CliError("--limit must be a whole number");
    const ctx = await openCliContext();
    const user = await actingUser(ctx, values.user as string | undefined);
    const events = await listUsageEvents(ctx.db, { userId: user.id, grantId: values.grant, since: values.since, limit });
    if (values.json) return printJson(events);
    if (events.length === 0) return printLine("no usage yet");
    for (const e of events) {
      printLine(
        `${e.created_at}  ${e.provider}/${e.model ?? "-"}  ${e.endpoint}  ${e.status}  in ${e.input_tokens} out ${e.output_tokens}  ${formatUsd(BigInt(e.cost_micros))}${e.estimated ? " (estimated)" : ""}`,
      );
    }
  },
};
