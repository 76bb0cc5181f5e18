import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./context";
import { ApiError, fieldErrors } from "./errors";

/**
 * Every router comes from here, so each one validates the same way: a failed zod check
 * becomes a 400 problem that lists every field, before any handler runs.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = fieldErrors(result.error.issues);
        const fields = errors.map((e) => e.path).join(", ");
        throw new ApiError("validation_failed", `Check these fields: ${fields}`, { errors });
      }
    },
  });
}

export type Router = ReturnType<typeof createRouter>;

/** OpenAPI security requirement for routes behind `requireAuth`. */
export const bearerAuth = [{ bearerAuth: [] }];
