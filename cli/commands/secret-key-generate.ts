import { randomBytes } from "node:crypto";
import type { Command } from "@/cli/command";
import { printJson, printLine } from "@/cli/io";

export const secretKeyGenerate: Command = {
  name: "secret-key generate",
  usage: "secret-key generate [--json]",
  summary: "print a new random value for VAULT_SECRET_KEY (for a new vault; it cannot re-key an existing one)",
  options: { json: { type: "boolean" } },
  async run({ values }) {
    const key = randomBytes(32).toString("base64");
    if (values.json) printJson({ key });
    else printLine(key);
  },
};
