// `npm run --silent vault -- <command>`: the admin CLI (see README). Builds the CLI bundle first if
// the sources changed; build output goes to stderr so stdout stays machine-readable.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ensureBuilt, ROOT } from "./build-lib.mjs";

await ensureBuilt({ targets: ["prisma", "bundles"] });
const { runCli } = await import(pathToFileURL(path.join(ROOT, "dist", "cli.mjs")).href);
process.exit(await runCli(process.argv.slice(2)));
