// The layers of docs/architecture.md, checked by `npm run lint`:
//   workers/index.ts → durable-objects/* → workers/<domain>/ → workers/lib/ → workers/db/
// Tests and test helpers may reach across layers; they are not part of the shipped graph.
const DOMAIN = "^workers/(?!lib/|db/|index\\.ts$|app\\.ts$)[^/]+/";
const TESTS = "(\\.test\\.ts$|test-helpers\\.ts$|\\.fixtures\\.ts$|^test/)";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "Modules import each other in one direction only.",
      from: { pathNot: TESTS },
      to: { circular: true },
    },
    {
      name: "db-knows-nothing-else",
      severity: "error",
      comment: "workers/db is the bottom layer: the schema imports only itself and packages.",
      from: { path: "^workers/db/" },
      to: { pathNot: ["^workers/db/", "node_modules"], dependencyTypesNot: ["core"] },
    },
    {
      name: "lib-knows-no-domain",
      severity: "error",
      comment: "workers/lib is shared by every domain, so it imports only itself, workers/db and packages.",
      from: { path: "^workers/lib/", pathNot: TESTS },
      to: { pathNot: ["^workers/lib/", "^workers/db/", "node_modules"], dependencyTypesNot: ["core"] },
    },
    {
      name: "domain-not-durable-object-class",
      severity: "error",
      comment: "A domain reaches a Durable Object through its binding typed by a contract it owns, never its class file.",
      from: { path: DOMAIN, pathNot: TESTS },
      to: { path: "^durable-objects/" },
    },
    {
      name: "nothing-imports-the-entry",
      severity: "error",
      comment: "workers/index.ts and workers/app.ts sit on top; only the entry imports the app.",
      from: { pathNot: ["^workers/index\\.ts$", "^web/", TESTS] },
      to: { path: ["^workers/index\\.ts$", "^workers/app\\.ts$"] },
    },
    {
      name: "web-sees-only-the-api-type",
      severity: "error",
      comment: "The web app runs in the browser: of the Worker it knows only the API's type (AppType in workers/app.ts).",
      from: { path: "^web/" },
      to: { path: "^(workers|durable-objects|containers|scripts)/", pathNot: "^workers/app\\.ts$" },
    },
    {
      name: "web-imports-the-api-as-a-type",
      severity: "error",
      comment: "`import type` only: no Worker code is bundled into the web app.",
      from: { path: "^web/" },
      to: { path: "^workers/app\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "durable-objects-not-each-other",
      severity: "error",
      comment: "Durable Objects talk through their domains' contracts and bindings, not each other's classes.",
      from: { path: "^durable-objects/", pathNot: TESTS },
      to: { path: "^durable-objects/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^web/dist/", "^web/vite\\.config\\.ts$", "^worker-configuration\\.d\\.ts$"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
    moduleSystems: ["es6", "cjs"],
  },
};
