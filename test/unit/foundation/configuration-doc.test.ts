/**
 * docs/configuration.md is generated from the env schema: it fails here when a variable was added,
 * removed or re-described in lib/foundation/env.ts without `npm run docs:config`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { envSchema } from "@/lib/foundation/env";
import { renderConfiguration } from "@/scripts/docs/render-configuration";
import { ROOT } from "@/test/support/vault-server";

describe("docs/configuration.md", () => {
  it("is what `npm run docs:config` writes from the env schema (run it after changing lib/foundation/env.ts)", () => {
    expect(readFileSync(path.join(ROOT, "docs", "configuration.md"), "utf8")).toBe(renderConfiguration());
  });

  it("has a row with a default and a description for every variable the vault reads", () => {
    const doc = renderConfiguration();
    for (const name of Object.keys(envSchema.shape))
      expect(doc).toMatch(new RegExp(`^\\| \`${name}\` \\| [^|]+ \\| [^|]+ \\| .{20,} \\|$`, "m"));
    expect(doc).toContain("| `VAULT_UPSTREAM_<PROVIDER>` |");
  });
});
