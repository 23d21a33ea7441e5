import { addCredential } from "@/lib/domain/credentials/add-credential";
import type { Command } from "@/cli/command";
import { actingUser, openCliContext } from "@/cli/context";
import { CliError, printJson, printLine, readSecretFromStdin } from "@/cli/io";

const PROMPTS = { api_key: "value", basic: "user:password", oauth2: "OAuth2 JSON object" } as const;

export const credentialAdd: Command = {
  name: "credential add",
  usage:
    "credential add --name NAME --kind api_key|basic|oauth2 --destinations a,b [--account A] [--label L] [--user EMAIL] [--json]   (the value on stdin)",
  summary: "store an API credential, encrypted, bound to its destinations; the value is read from stdin",
  options: {
    name: { type: "string" },
    kind: { type: "string" },
    destinations: { type: "string" },
    account: { type: "string" },
    label: { type: "string" },
    user: { type: "string" },
    json: { type: "boolean" },
  },
  async run({ values }) {
    for (const option of ["name", "kind", "destinations"] as const) if (!values[option]) throw new CliError(`--${option} is required`);
    const kind = values.kind as string;
    const value = await readSecretFromStdin(PROMPTS[kind as keyof typeof PROMPTS] ?? "value");
    const ctx = await openCliContext();
    const user = await actingUser(ctx, values.user as string | undefined);
    const view = await addCredential(ctx.db, { ...ctx.actor, id: user.id }, user.id, {
      name: values.name,
      kind,
      destinations: (values.destinations as string)
        .split(",")
        .map((d) => d.trim())
        .filter(Boolean),
      account: values.account ?? null,
      label: values.label ?? null,
      value,
    });
    if (values.json) printJson(view);
    else
      printLine(
        `added ${view.kind} credential ${view.name}${view.account ? ` (${view.account})` : ""}: ${view.id}${view.last4 ? `, ...${view.last4}` : ""}`,
      );
  },
};
