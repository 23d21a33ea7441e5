// Builds what `npm start`, `npm test` and the CLI need, only when the sources changed since the last
// build: the two Prisma clients, the Next.js app and the esbuild bundles of server/ and cli/.
// Everything it prints goes to stderr, so CLI output on stdout stays clean.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const STAMP = path.join(ROOT, "dist", "build-stamp.json");
const LOCK = path.join(ROOT, "dist", ".build-lock");

const COMMON = ["lib", "prisma", "package.json", "package-lock.json", "tsconfig.json", "prisma.config.ts", "prisma.pg.config.ts"];
const INPUTS = {
  prisma: ["prisma", "prisma.config.ts", "prisma.pg.config.ts", "package-lock.json"],
  next: [...COMMON, "app", "components", "public", "next.config.ts", "postcss.config.mjs"],
  bundles: [...COMMON, "server", "cli", "scripts/build-lib.mjs"],
};
const ARTIFACTS = {
  prisma: ["generated/prisma/client.ts", "generated/prisma-pg/client.ts"],
  next: [".next/BUILD_ID"],
  bundles: ["dist/server.mjs", "dist/cli.mjs"],
};

function say(message) {
  process.stderr.write(`[build] ${message}\n`);
}

function walk(entry, out) {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return;
  const stat = statSync(full);
  if (stat.isFile()) return out.push(entry);
  for (const child of readdirSync(full).sort()) {
    if (child === "node_modules" || child.startsWith(".")) continue;
    walk(path.join(entry, child), out);
  }
}

function hashOf(entries) {
  const files = [];
  for (const entry of entries) walk(entry, files);
  const hash = createHash("sha256");
  for (const file of files.sort())
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(path.join(ROOT, file)))
      .update("\0");
  return hash.digest("hex");
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, "utf8"));
  } catch {
    return {};
  }
}

function run(command, args, env = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: ["ignore", 2, 2],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status})`);
  return Date.now() - started;
}

const bin = (name) => path.join(ROOT, "node_modules", ".bin", name);

const STEPS = {
  prisma() {
    run(bin("prisma"), ["generate"]);
    run(bin("prisma"), ["generate", "--config", "prisma.pg.config.ts"]);
  },
  next() {
    run(process.execPath, [path.join(ROOT, "node_modules", "next", "dist", "bin", "next"), "build"]);
  },
  async bundles() {
    const esbuild = await import("esbuild");
    await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: { server: "server/main.ts", cli: "cli/main.ts" },
      outdir: "dist",
      outExtension: { ".js": ".mjs" },
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      sourcemap: "linked",
      logLevel: "warning",
      banner: { js: "import { createRequire as __okapRequire } from 'node:module'; const require = __okapRequire(import.meta.url);" },
    });
  },
};

function acquireLock() {
  mkdirSync(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch {
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age > 10 * 60_000) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`another build holds ${LOCK}`);
      else spawnSync("sleep", ["0.5"]);
    }
  }
}

/**
 * @param {{ targets?: ("prisma"|"next"|"bundles")[], force?: boolean }} options
 */
export async function ensureBuilt({ targets = ["prisma", "next", "bundles"], force = false } = {}) {
  const release = acquireLock();
  try {
    const stamp = readStamp();
    for (const target of targets) {
      const hash = hashOf(INPUTS[target]);
      const present = ARTIFACTS[target].every((file) => existsSync(path.join(ROOT, file)));
      if (!force && present && stamp[target] === hash) continue;
      const started = Date.now();
      say(`building ${target}...`);
      await STEPS[target]();
      stamp[target] = hash;
      writeFileSync(STAMP, JSON.stringify(stamp, null, 2) + "\n");
      say(`built ${target} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    release();
  }
}
