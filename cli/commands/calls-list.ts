import { listApiCalls } from "@/lib/domain/api-calls/list-api-calls";
import type { Command } from "@/cli/command";
import { actingUser, openCliContext } from "@/cli/context";
import { printJson, printLine } from "@/cli/io";

export const callsList: Command = {
  name: "calls",
  usage: "calls [--grant GRANT_ID] [--blocked] [--limit N] [--user EMAIL] [--json]",
  summary: "credential-proxy calls, newest first: method, origin, path, status, bytes, duration (never a value)",
  options: {
    grant: { type: "string" },
    blocked: { type: "boolean" },
    limit: { type: "string" },
    user: { type: "string" },
    json: { type: "boolean" },
  },
  async run({ values }) {
    const ctx = await openCliContext();
    const user = await actingUser(ctx, values.user as string | undefined);
    const { data } = await listApiCalls(ctx.db, user.id, {
      ...(values.grant ? { grant_id: values.grant } : {}),
      ...(values.blocked ? { blocked: "true" } : {}),
      limit: values.limit ?? "50",
    });
    if (values.json) return printJson(data);
    if (data.length === 0) return printLine("no calls yet");
    for (const c of data)
      printLine(
        `${c.created_at}  ${c.method.padEnd(6)} ${c.status}  ${c.origin}${c.path}  ${c.duration_ms} ms${c.blocked_reason ? `  [${c.blocked_reason}]` : ""}${c.redacted ? "  (redacted)" : ""}`,
      );
  },
};
