import { listPriceOverrides } from "@/lib/domain/prices/list-price-overrides";
import type { Command } from "@/cli/command";
import { openCliContext } from "@/cli/context";
import { printJson, printLine } from "@/cli/io";

export const priceList: Command = {
  name: "price list",
  usage: "price list [--json]",
  summary: "list the owner's model prices (USD per million tokens)",
  options: { json: { type: "boolean" } },
  async run({ values }) {
    const ctx = await openCliContext();
    const prices = await listPriceOverrides(ctx.db);
    if (values.json) return printJson(prices);
    if (prices.length === 0) return printLine("no owner prices: every model is priced from the bundled catalogue");
    for (const p of prices) printLine(`${p.provider.padEnd(10)}  ${p.model}  in $${p.input_usd_per_mtok}  out $${p.output_usd_per_mtok}`);
  },
};
