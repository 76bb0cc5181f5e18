import type { z } from "@hono/zod-openapi";

/** A required JSON request body: without `required`, a request with no JSON would skip validation. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { "application/json": { schema } },
  required: true as const,
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

type Responses = Record<string, unknown>;
interface DocumentOperation {
  parameters?: unknown[];
  requestBody?: unknown;
  security?: unknown[];
  responses?: Responses;
}

const PROBLEM = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };
const answeredByEveryRouter: [status: string, description: string, applies: (op: DocumentOperation) => boolean][] = [
  ["400", "Invalid input", (op) => Boolean(op.requestBody || op.parameters?.length)],
  ["415", "The body is not of the documented content type", (op) => Boolean(op.requestBody)],
  ["401", "Missing or invalid credentials", (op) => Boolean(op.security?.length)],
  // Every API route spends a rate-limit budget (lib/rate-limits.ts).
  ["429", "Over the rate limit: see Retry-After, RateLimit and RateLimit-Policy", () => true],
  [
    "503",
    "The server cannot check credentials now (misconfigured or a dependency is down)",
    (op) => Boolean(op.security?.length),
  ],
];

/**
 * Adds to each operation the answers the shared machinery gives before any handler runs —
 * validation (400), a body of the wrong type (415), the sign-in check (401, and 503 when it cannot
 * be made) — so that every status an operation can answer is in the document, stated once here.
 */
export function withSharedResponses<D extends { paths?: object }>(document: D): D {
  for (const item of Object.values(document.paths ?? {}) as object[]) {
    for (const operation of Object.values(item) as DocumentOperation[]) {
      if (!operation || typeof operation !== "object" || !operation.responses) continue;
      for (const [status, description, applies] of answeredByEveryRouter) {
        if (applies(operation) && !(status in operation.responses)) {
          operation.responses[status] = { description, content: PROBLEM };
        }
      }
    }
  }
  return document;
}
