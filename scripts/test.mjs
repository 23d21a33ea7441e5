// `npm test`: build what is stale, then run the whole suite (vitest). Extra arguments go to vitest,
// e.g. `npm test -- test/crypto`.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ensureBuilt, ROOT } from "./build-lib.mjs";

process.chdir(ROOT);
await ensureBuilt();
const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "vitest", "vitest.mjs"), "run", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
process.exit(result.status ?? 1);
