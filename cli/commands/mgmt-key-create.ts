import { createManagementKey } from "@/lib/domain/management-keys/create-management-key";
import type { Command } from "@/cli/command";
import { actingUser, openCliContext } from "@/cli/context";
import { CliError, printJson, printLine } from "@/cli/io";

export const mgmtKeyCreate: Command = {
  name: "mgmt-key create",
  usage: "mgmt-key create --name NAME --scope read|write [--user EMAIL] [--json]",
  summary: "create a management API key; it is printed once and never shown again",
  options: { name: { type: "string" }, scope: { type: "string" }, user: { type: "string" }, json: { type: "boolean" } },
  async run({ values }) {
    if (!values.name) throw new CliError("--name is required");
    if (!values.scope) throw new CliError("--scope is required (read or write)");
    const ctx = await openCliContext();
    const user = await actingUser(ctx, values.user as string | undefined);
    const { key, view } = await createManagementKey(ctx.db, { ...ctx.actor, id: user.id }, user.id, {
      name: values.name,
      scope: values.scope,
    });
    if (values.json) printJson({ id: view.id, key });
    else printLine(`${key}\n(${view.id}, ${view.scope}; store it now: it is not shown again)`);
  },
};
