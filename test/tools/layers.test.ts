import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const checkLayers = join(process.cwd(), "scripts/check-layers.mjs");
const trees: string[] = [];

/** A throwaway tree with the repo's layout and the given files; answers its path. */
function tree(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "marquee-layers-"));
  trees.push(dir);
  const all: Record<string, string> = {
    "tsconfig.json": JSON.stringify({ compilerOptions: { module: "ES2022", moduleResolution: "bundler", strict: true } }),
    "workers/db/schema.ts": "export const users = 'users';\n",
    "workers/lib/errors.ts": "import { users } from '../db/schema';\nexport const table = users;\n",
    "workers/cinema/seats.contract.ts": "export interface SeatsContract { hold(seat: string): boolean }\n",
    "workers/cinema/holds.ts":
      "import type { SeatsContract } from './seats.contract';\nimport { table } from '../lib/errors';\nexport const hold = (s: SeatsContract) => s.hold(table);\n",
    "workers/payments/charge.ts": "import { table } from '../lib/errors';\nexport const charge = () => table;\n",
    "durable-objects/showtime-seats.ts":
      "import type { SeatsContract } from '../workers/cinema/seats.contract';\nexport class ShowtimeSeats implements SeatsContract { hold() { return true; } }\n",
    "workers/index.ts": "export { ShowtimeSeats } from '../durable-objects/showtime-seats';\n",
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function lint(cwd: string) {
  const run = spawnSync(process.execPath, [checkLayers], { cwd, encoding: "utf8" });
  return { status: run.status, output: run.stdout + run.stderr };
}

afterEach(() => {
  for (const dir of trees.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("import layering (npm run lint)", () => {
  it("passes on Marquee's own tree", () => {
    const result = lint(process.cwd());
    expect(result.output).toContain("no violations");
    expect(result.status).toBe(0);
  });

  it("passes on a tree that follows the layers", () => {
    expect(lint(tree({})).status).toBe(0);
  });

  it("lets the web app import the API's type, and nothing else of the Worker", () => {
    const app = "import { table } from './lib/errors';\nexport const api = { table };\nexport type AppType = typeof api;\n";
    const typeOnly = "import type { AppType } from '../../workers/app';\nexport const client = {} as AppType;\n";
    expect(lint(tree({ "workers/app.ts": app, "web/src/client.ts": typeOnly })).status).toBe(0);

    const bundled =
      "import { api } from '../../workers/app';\nimport { table } from '../../workers/lib/errors';\nexport const x = [api, table];\n";
    const result = lint(tree({ "workers/app.ts": app, "web/src/client.ts": bundled }));
    expect(result.status).toBe(1);
    expect(result.output).toContain("web-imports-the-api-as-a-type: web/src/client.ts → workers/app.ts");
    expect(result.output).toContain("web-sees-only-the-api-type: web/src/client.ts → workers/lib/errors.ts");
  });

  it("fails on workers/lib importing a domain", () => {
    const result = lint(
      tree({ "workers/lib/errors.ts": "import { hold } from '../cinema/holds';\nexport const table = String(hold);\n" }),
    );
    expect(result.status).toBe(1);
    expect(result.output).toContain("lib-knows-no-domain: workers/lib/errors.ts → workers/cinema/holds.ts");
  });

  it("fails on a domain importing a Durable Object's class file", () => {
    const result = lint(
      tree({
        "workers/cinema/holds.ts":
          "import { ShowtimeSeats } from '../../durable-objects/showtime-seats';\nexport const seats = ShowtimeSeats;\n",
      }),
    );
    expect(result.status).toBe(1);
    expect(result.output).toContain(
      "domain-not-durable-object-class: workers/cinema/holds.ts → durable-objects/showtime-seats.ts",
    );
  });

  it("fails on workers/db importing anything above it", () => {
    const result = lint(
      tree({
        "workers/db/schema.ts":
          "import type { SeatsContract } from '../cinema/seats.contract';\nexport const users: keyof SeatsContract = 'hold';\n",
      }),
    );
    expect(result.status).toBe(1);
    expect(result.output).toContain("db-knows-nothing-else: workers/db/schema.ts → workers/cinema/seats.contract.ts");
  });

  it("fails on two domains importing each other, even without a module cycle", () => {
    const result = lint(
      tree({
        "workers/cinema/refunds.ts": "import { charge } from '../payments/charge';\nexport const refund = charge;\n",
        "workers/payments/receipts.ts": "import { hold } from '../cinema/holds';\nexport const receipt = hold;\n",
      }),
    );
    expect(result.status).toBe(1);
    expect(result.output).toContain("domains-one-way: cinema ⇄ payments");
  });

  it("fails on a module cycle", () => {
    const result = lint(
      tree({
        "workers/payments/charge.ts": "import { receipt } from './receipts';\nexport const charge = () => receipt;\n",
        "workers/payments/receipts.ts": "import { charge } from './charge';\nexport const receipt = () => charge;\n",
      }),
    );
    expect(result.status).toBe(1);
    expect(result.output).toContain(
      "no-cycles: workers/payments/charge.ts → workers/payments/receipts.ts → workers/payments/charge.ts",
    );
  });
});
