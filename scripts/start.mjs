// `npm start`: build what is missing or stale, then run the vault (migrations are applied by the
// server itself on every start; running it again is always safe).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ensureBuilt, ROOT } from "./build-lib.mjs";

process.chdir(ROOT);
await ensureBuilt();
await import(pathToFileURL(path.join(ROOT, "dist", "server.mjs")).href);
