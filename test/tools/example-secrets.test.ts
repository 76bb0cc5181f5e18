import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXAMPLE_SECRETS } from "../../workers/lib/config-guard";

// The Worker refuses to serve in production with the secrets .dev.vars.example publishes; it
// cannot read that file, so workers/lib/config-guard.ts keeps a copy, which must not drift.
describe(".dev.vars.example", () => {
  const lines = new Map(
    readFileSync(".dev.vars.example", "utf8")
      .split("\n")
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1).trim()]),
  );

  it("publishes exactly the secrets the Worker refuses in production", () => {
    for (const [name, value] of Object.entries(EXAMPLE_SECRETS)) expect(lines.get(name), name).toBe(value);
    for (const name of ["JWT_SECRET", "METRICS_TOKEN", "ADMIN_PASSWORD"]) expect(Object.keys(EXAMPLE_SECRETS)).toContain(name);
  });

  it("sets a development environment, where the example values are allowed", () => {
    expect(lines.get("ENVIRONMENT")).not.toBe("production");
  });
});
