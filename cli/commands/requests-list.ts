import { listAccessRequests, statusFilter } from "@/lib/domain/access-requests/list-access-requests";
import { parseInput } from "@/lib/foundation/validation/parse-input";
import type { Command } from "@/cli/command";
import { actingUser, openCliContext } from "@/cli/context";
import { printJson, printLine } from "@/cli/io";

export const requestsList: Command = {
  name: "requests list",
  usage: "requests list [--status pending|approved|denied|expired|abandoned] [--user EMAIL] [--json]",
  summary: "list OKAP access requests (newest first)",
  options: { status: { type: "string" }, user: { type: "string" }, json: { type: "boolean" } },
  async run({ values }) {
    const status = values.status === undefined ? undefined : parseInput(statusFilter, values.status);
    const ctx = await openCliContext();
    const user = await actingUser(ctx, values.user as string | undefined);
    const requests = await listAccessRequests(ctx.db, user.id, { status });
    if (values.json) return printJson(requests);
    if (requests.length === 0) return printLine("no access requests");
    for (const r of requests)
      printLine(`${r.id}  ${r.status.padEnd(9)}  ${r.client_name}  (${r.providers.map((p) => p.provider).join(", ")})`);
  },
};
