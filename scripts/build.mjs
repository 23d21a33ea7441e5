// `npm run build`: rebuild everything (use when in doubt; `npm start` builds only what is stale).
import { ensureBuilt } from "./build-lib.mjs";

await ensureBuilt({ force: process.argv.includes("--force") });
