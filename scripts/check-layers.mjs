// `npm run lint:layers`: the import rules of .dependency-cruiser.cjs, plus one it cannot say
// itself: domains (the folders under workers/) depend on each other in one direction only.
// Exits 1 and names each violation. Run from the root it checks (a fixture's, in its test).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const depcruise = join(root, "node_modules/.bin/depcruise");
const TEST_FILE = /(\.test\.ts$|test-helpers\.ts$|\.fixtures\.ts$|^test\/)/;

const run = spawnSync(
  depcruise,
  [
    ...["workers", "durable-objects", "web/src"].filter((dir) => existsSync(dir)),
    "--config",
    join(root, ".dependency-cruiser.cjs"),
    "--output-type",
    "json",
  ],
  { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
);
if (run.error || !run.stdout) {
  console.error(run.error?.message ?? run.stderr);
  process.exit(2);
}
const { modules, summary } = JSON.parse(run.stdout);

const problems = summary.violations.map((v) =>
  v.cycle
    ? `${v.rule.name}: ${[v.from, ...v.cycle.map((step) => step.name)].join(" → ")}`
    : `${v.rule.name}: ${v.from} → ${v.to}`,
);

/** The domain folder a module belongs to (workers/<domain>/…), or null for lib, db, the entry and the rest. */
function domainOf(path) {
  const match = /^workers\/([^/]+)\//.exec(path);
  return match && match[1] !== "lib" && match[1] !== "db" ? match[1] : null;
}

const edges = new Map(); // domain → Map(other domain → one import that makes the edge)
for (const module of modules) {
  const from = domainOf(module.source);
  if (!from || TEST_FILE.test(module.source)) continue;
  for (const dependency of module.dependencies) {
    const to = domainOf(dependency.resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${module.source} → ${dependency.resolved}`);
  }
}

// Depth-first search for a path from `to` back to `from`: each edge on a cycle is reported once.
function pathBack(start, target, seen = new Set()) {
  if (start === target) return [];
  seen.add(start);
  for (const [next, example] of edges.get(start) ?? []) {
    if (seen.has(next)) continue;
    const rest = pathBack(next, target, seen);
    if (rest) return [example, ...rest];
  }
  return null;
}
for (const [from, targets] of edges) {
  for (const [to, example] of targets) {
    if (from > to && edges.get(to)?.has(from)) continue; // a two-way pair is reported once
    const back = pathBack(to, from);
    if (back) problems.push(`domains-one-way: ${from} ⇄ ${to}: ${[example, ...back].join("; ")}`);
  }
}

if (problems.length > 0) {
  console.error(`Import layering: ${problems.length} violation(s) (see docs/architecture.md, "Layering")`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(`Import layering: ${modules.length} modules, no violations`);
