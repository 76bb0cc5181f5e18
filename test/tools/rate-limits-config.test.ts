import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LOCAL_RATE_LIMITS, withRateLimits } from "../../scripts/stack.mjs";
import { parseRateLimits, rateLimitClasses } from "../../workers/lib/rate-limit-policy";

/** The [[ratelimits]] bindings of a wrangler.toml, as `<class>=<limit>/<period>`. */
function bindings(config: string) {
  const found: Record<string, { limit: number; period: number }> = {};
  for (const [, name, limit, period] of config.matchAll(
    /\[\[ratelimits\]\]\s*\nname = "RATE_LIMIT_(\w+)"[^[]*?simple = \{ limit = (\d+), period = (\d+) \}/g,
  )) {
    found[name.toLowerCase()] = { limit: Number(limit), period: Number(period) };
  }
  return found;
}

const rateLimitsVar = (config: string) => /^RATE_LIMITS = "(.*)"$/m.exec(config)?.[1] ?? "";

describe("rate-limit configuration", () => {
  const config = readFileSync("wrangler.toml", "utf8");

  it("has one binding per class, with the numbers RATE_LIMITS announces in the headers", () => {
    const declared = bindings(config);
    expect(Object.keys(declared).sort()).toEqual([...rateLimitClasses].sort());
    expect(parseRateLimits(rateLimitsVar(config))).toEqual(declared);
  });

  it("gives a local stack the same bindings with its own budgets, announced the same way", () => {
    const local = withRateLimits(config, LOCAL_RATE_LIMITS);
    const declared = bindings(local);
    for (const name of rateLimitClasses) expect(declared[name].limit).toBe(LOCAL_RATE_LIMITS[name]);
    expect(parseRateLimits(rateLimitsVar(local))).toEqual(declared);
    // Nothing else changes.
    const strip = (text: string) => text.replace(/simple = \{[^}]*\}/g, "").replace(/^RATE_LIMITS = .*$/m, "");
    expect(strip(local)).toBe(strip(config));
  });
});
