import { addProviderKey } from "@/lib/domain/provider-keys/add-provider-key";
import type { Command } from "@/cli/command";
import { actingUser, openCliContext } from "@/cli/context";
import { CliError, printJson, printLine, readSecretFromStdin } from "@/cli/io";

export const keyAdd: Command = {
  name: "key add",
  usage: "key add --provider PROVIDER --label LABEL [--user EMAIL] [--json]   (the key on stdin)",
  summary: "store a provider's API key, encrypted; the key is read from stdin",
  options: { provider: { type: "string" }, label: { type: "string" }, user: { type: "string" }, json: { type: "boolean" } },
  async run({ values }) {
    if (!values.provider) throw new CliError("--provider is required");
    if (!values.label) throw new CliError("--label is required");
    const key = await readSecretFromStdin("API key");
    const ctx = await openCliContext();
    const user = await actingUser(ctx, values.user as string | undefined);
    const view = await addProviderKey(ctx.db, { ...ctx.actor, id: user.id }, user.id, {
      provider: values.provider,
      label: values.label,
      key,
    });
    if (values.json) printJson(view);
    else printLine(`added ${view.provider} key "${view.label}" (${view.id}${view.last4 ? `, ...${view.last4}` : ""})`);
  },
};
