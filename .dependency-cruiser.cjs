/**
 * The architecture as rules (docs/architecture.md, "Floors"): lib/ has four floors and a floor imports
 * only floors below it (or its own floor, without cycles). `npm run lint` checks it (CI runs it).
 */
const FLOORS = ["foundation", "engines", "domain", "surfaces"];

const upward = FLOORS.slice(0, -1).map((floor, i) => ({
  name: `no-upward-from-${floor}`,
  comment: `lib/${floor} imports only lib/${FLOORS.slice(0, i).join(", lib/") || floor} (floors below it, and its own)`,
  severity: "error",
  from: { path: `^lib/${floor}/` },
  to: { path: `^lib/(${FLOORS.slice(i + 1).join("|")})/` },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: "lib-is-a-floor",
      comment: "every file of lib/ lives on one of the four floors",
      severity: "error",
      from: { path: "^lib/", pathNot: `^lib/(${FLOORS.join("|")})/` },
      to: {},
    },
    {
      name: "lib-imports-no-app",
      comment: "lib/ is the framework-free core: it never imports the app, components, server, CLI, scripts or tests",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(app|components|server|cli|scripts|test)/" },
    },
    {
      name: "pure-providers",
      comment: "provider adapters are data and pure functions: no database, no HTTP client, no environment",
      severity: "error",
      from: { path: "^lib/engines/providers/" },
      to: { path: ["^lib/foundation/(db|cluster|http|env)", "^generated/", "@prisma", "^node_modules/pg/", "better-sqlite3"] },
    },
    {
      name: "protocol-has-no-http",
      comment: "the OKAP protocol engine parses and renders; HTTP glue lives in lib/surfaces/okap",
      severity: "error",
      from: { path: "^lib/engines/okap/" },
      to: { path: ["^lib/foundation/(db|http|cluster)", "^generated/"] },
    },
    {
      name: "standalone-client",
      comment: "packages/okap-client is published on its own: it imports nothing from the vault",
      severity: "error",
      from: { path: "^packages/okap-client/" },
      to: { path: "^(lib|app|components|server|cli|scripts|generated)/" },
    },
    {
      name: "components-below-app",
      comment: "app -> components -> lib, never back up",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^(app|server|cli|scripts)/" },
    },
    {
      name: "entry-points-stay-apart",
      comment: "server/, cli/ and scripts/ reach the vault through lib/ only",
      severity: "error",
      from: { path: "^(server|cli)/" },
      to: { path: "^(app|components|scripts|test)/" },
    },
    {
      name: "no-circular",
      comment: "no import cycles",
      severity: "error",
      from: { path: "^(lib|app|components|server|cli|packages)/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: ["node_modules", "^generated/"] },
    exclude: { path: ["^node_modules", "^\\.next", "^dist", "^generated"] },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      extensions: [".ts", ".tsx", ".mjs", ".js"],
    },
  },
};
