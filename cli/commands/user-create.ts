import { createUser } from "@/lib/domain/users/create-user";
import type { Command } from "@/cli/command";
import { openCliContext } from "@/cli/context";
import { CliError, printJson, printLine, readSecretFromStdin } from "@/cli/io";

export const userCreate: Command = {
  name: "user create",
  usage: "user create --email EMAIL --password-stdin [--json]",
  summary: "create an account (the first one becomes the owner); the password is read from stdin",
  options: { email: { type: "string" }, "password-stdin": { type: "boolean" }, json: { type: "boolean" } },
  async run({ values }) {
    if (!values.email) throw new CliError("--email is required");
    if (!values["password-stdin"]) throw new CliError("pass --password-stdin and write the password to stdin (never as an argument)");
    const password = await readSecretFromStdin("Password");
    const ctx = await openCliContext();
    const user = await createUser(ctx.db, ctx.actor, { email: values.email, password }, { ownerOnly: false });
    if (values.json) printJson(user);
    else printLine(`created ${user.role} ${user.email} (${user.id})`);
  },
};
