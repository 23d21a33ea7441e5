/**
 * The admin CLI: `npm run --silent vault -- <command>`. JSON on stdout with --json; on error a
 * non-zero exit and one line on stderr. Secrets come from stdin, never from arguments.
 */
import { parseArgs } from "node:util";
import { db } from "@/lib/foundation/db/client";
import { EnvError } from "@/lib/foundation/env";
import { log } from "@/lib/foundation/log";
import { peekSingleton } from "@/lib/foundation/runtime/singleton";
import type { Command } from "@/cli/command";
import { keyAdd } from "@/cli/commands/key-add";
import { keyList } from "@/cli/commands/key-list";
import { keyRemove } from "@/cli/commands/key-remove";
import { credentialAdd } from "@/cli/commands/credential-add";
import { credentialList } from "@/cli/commands/credential-list";
import { credentialRemove } from "@/cli/commands/credential-remove";
import { mgmtKeyCreate } from "@/cli/commands/mgmt-key-create";
import { mgmtKeyRevoke } from "@/cli/commands/mgmt-key-revoke";
import { grantsList } from "@/cli/commands/grants-list";
import { grantsCreate } from "@/cli/commands/grants-create";
import { grantsPause, grantsResume } from "@/cli/commands/grants-pause-resume";
import { grantsResetContainment } from "@/cli/commands/grants-reset-containment";
import { grantsRevoke } from "@/cli/commands/grants-revoke";
import { requestsApprove } from "@/cli/commands/requests-approve";
import { requestsDeny } from "@/cli/commands/requests-deny";
import { requestsList } from "@/cli/commands/requests-list";
import { priceList } from "@/cli/commands/price-list";
import { priceSet } from "@/cli/commands/price-set";
import { secretKeyGenerate } from "@/cli/commands/secret-key-generate";
import { usageList } from "@/cli/commands/usage-list";
import { callsList } from "@/cli/commands/calls-list";
import { userCreate } from "@/cli/commands/user-create";
import { userResetPassword, userTotpDisable, userTotpEnable } from "@/cli/commands/user-account";
import { CliError, describeCliError } from "@/cli/io";

export const COMMANDS: Command[] = [
  userCreate,
  userResetPassword,
  userTotpEnable,
  userTotpDisable,
  keyAdd,
  keyList,
  keyRemove,
  credentialAdd,
  credentialList,
  credentialRemove,
  requestsList,
  requestsApprove,
  requestsDeny,
  grantsList,
  grantsCreate,
  grantsPause,
  grantsResume,
  grantsResetContainment,
  grantsRevoke,
  mgmtKeyCreate,
  mgmtKeyRevoke,
  priceSet,
  priceList,
  usageList,
  callsList,
  secretKeyGenerate,
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    "usage: npm run --silent vault -- <command> [options]",
    "",
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
  ].join("\n");
}

function findCommand(argv: string[]): { command: Command; rest: string[] } | null {
  for (const command of COMMANDS) {
    const words = command.name.split(" ");
    if (words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(words.length) };
  }
  return null;
}

export async function runCli(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === "help" || argv[0] === "--help" || argv[0] === "-h") {
    process.stdout.write(usage() + "\n");
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    process.stderr.write(`error: unknown command "${argv.slice(0, 2).join(" ")}" (see: npm run --silent vault -- help)\n`);
    return 2;
  }
  const { command, rest } = found;
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true, strict: true });
    } catch (error) {
      throw new CliError(`${(error as Error).message.split("\n")[0]} (usage: ${command.usage})`);
    }
    if (parsed.positionals.length !== (command.positionals ?? 0)) throw new CliError(`usage: ${command.usage}`);
    await command.run(parsed as never);
    return 0;
  } catch (error) {
    const known = error instanceof CliError || error instanceof EnvError || (error as { name?: string })?.name === "VaultError";
    if (!known) log.error("cli command failed", { err: error, command: command.name });
    process.stderr.write(`error: ${error instanceof EnvError ? error.message : describeCliError(error)}\n`);
    return 1;
  } finally {
    if (peekSingleton("db"))
      await db()
        .$disconnect()
        .catch(() => undefined);
  }
}
