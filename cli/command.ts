import type { ParseArgsConfig } from "node:util";

export type ParsedArgs = { values: Record<string, string | boolean | undefined>; positionals: string[] };

export type Command = {
  /** e.g. "key add" */
  name: string;
  usage: string;
  summary: string;
  options?: ParseArgsConfig["options"];
  positionals?: number;
  run: (args: ParsedArgs) => Promise<void>;
};
