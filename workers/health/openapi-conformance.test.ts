import { describe, expect, it } from "vitest";
import { conformanceProblem } from "../../test/openapi-conformance";

// test/api.ts runs this check on every answer the suite receives; these prove the check bites.
describe("the OpenAPI conformance check", () => {
  const problem = (status: number, type = "application/problem+json") =>
    new Response("{}", { status, headers: { "content-type": type } });

  it("accepts a documented status", async () => {
    expect(await conformanceProblem("GET", "/api/movies/01ABC", problem(404))).toBeNull();
  });

  it("names an undocumented status", async () => {
    expect(await conformanceProblem("GET", "/api/movies/01ABC", problem(418))).toMatch(
      /^GET \/api\/movies\/\{id\} answered 418, which its documented responses \(.*200.*\) do not list$/,
    );
  });

  it("refuses an error that is not problem+json", async () => {
    expect(await conformanceProblem("GET", "/api/movies/01ABC", problem(404, "text/plain"))).toMatch(
      /not application\/problem\+json/,
    );
  });

  it("prefers a literal path segment over a parameter", async () => {
    expect(await conformanceProblem("GET", "/api/media/shared-with-me", problem(418))).toMatch(
      /^GET \/api\/media\/shared-with-me /,
    );
  });

  it("leaves paths outside the document alone", async () => {
    expect(await conformanceProblem("GET", "/api/no-such-thing", problem(404))).toBeNull();
  });
});

describe("the conformance check on creates", () => {
  const created = (headers: Record<string, string>) =>
    new Response("{}", { status: 201, headers: { "content-type": "application/json", ...headers } });

  it("wants a Location under /api/ and the new id", async () => {
    expect(await conformanceProblem("POST", "/api/movies", created({}), { id: "m1" })).toMatch(/without a Location/);
    expect(await conformanceProblem("POST", "/api/movies", created({ location: "/api/movies/m1" }), { title: "x" })).toMatch(
      /without the new resource's `id`/,
    );
    expect(await conformanceProblem("POST", "/api/movies", created({ location: "/api/movies/m1" }), { id: "m1" })).toBeNull();
  });
});
