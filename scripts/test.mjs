// `npm test`: build what is stale, then run the whole suite (vitest). Extra arguments go to vitest,
// e.g. `npm test -- test/e2e/canary.test.ts`.
// `npm run test:unit` (`--unit`): only test/unit, the tests that need no Next.js build and no vault
// server (they still use the databases): seconds, not minutes.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ensureBuilt, ROOT } from "./build-lib.mjs";

process.chdir(ROOT);
const args = process.argv.slice(2);
const unit = args[0] === "--unit";
await ensureBuilt(unit ? { targets: ["prisma"] } : {});
const vitest = path.join(ROOT, "node_modules", "vitest", "vitest.mjs");
const result = spawnSync(process.execPath, [vitest, "run", ...(unit ? ["test/unit", ...args.slice(1)] : args)], {
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
process.exit(result.status ?? 1);
