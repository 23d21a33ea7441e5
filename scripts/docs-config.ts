/** `npm run docs:config`: writes docs/configuration.md from the env schema (lib/foundation/env.ts). */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { renderConfiguration } from "@/scripts/docs/render-configuration";

const file = path.join(import.meta.dirname, "..", "docs", "configuration.md");
writeFileSync(file, renderConfiguration());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
