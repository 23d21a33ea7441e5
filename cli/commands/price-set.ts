import { setPriceOverride } from "@/lib/domain/prices/set-price-override";
import type { Command } from "@/cli/command";
import { actingUser, openCliContext } from "@/cli/context";
import { CliError, printJson, printLine } from "@/cli/io";

export const priceSet: Command = {
  name: "price set",
  usage:
    "price set PROVIDER MODEL --input USD_PER_MTOK --output USD_PER_MTOK [--cache-read USD] [--cache-write USD] [--cache-write-1h USD] [--json]",
  summary: "set the owner's price of a model (wins over the bundled catalogue)",
  options: {
    input: { type: "string" },
    output: { type: "string" },
    "cache-read": { type: "string" },
    "cache-write": { type: "string" },
    "cache-write-1h": { type: "string" },
    json: { type: "boolean" },
  },
  positionals: 2,
  async run({ values, positionals }) {
    if (values.input === undefined || values.output === undefined)
      throw new CliError("--input and --output are required (USD per million tokens)");
    const ctx = await openCliContext();
    const owner = await actingUser(ctx, undefined);
    const view = await setPriceOverride(ctx.db, { ...ctx.actor, id: owner.id }, owner, {
      provider: positionals[0],
      model: positionals[1],
      input: values.input,
      output: values.output,
      cache_read: values["cache-read"],
      cache_write: values["cache-write"],
      cache_write_1h: values["cache-write-1h"],
    });
    if (values.json) return printJson(view);
    printLine(`${view.provider} ${view.model}: $${view.input_usd_per_mtok} input, $${view.output_usd_per_mtok} output per million tokens`);
  },
};
