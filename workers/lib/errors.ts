import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { routePath } from "hono/route";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv, WaitUntil } from "./context";
import { describeError, recordError } from "./error-log";
import { log } from "./log";

/** The closed set of problems the API can answer with, and the status each one carries. */
export const problemCodes = {
  bad_request: { status: 400, title: "Bad request" },
  validation_failed: { status: 400, title: "The request did not validate" },
  unauthorized: { status: 401, title: "Authentication required" },
  payment_required: { status: 402, title: "Payment failed" },
  forbidden: { status: 403, title: "Not allowed" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  gone: { status: 410, title: "Gone" },
  precondition_failed: { status: 412, title: "Precondition failed" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  unprocessable: { status: 422, title: "Unprocessable request" },
  too_many_requests: { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal error" },
  service_unavailable: { status: 503, title: "Service unavailable" },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ProblemCode = keyof typeof problemCodes;

export interface FieldError {
  path: string;
  message: string;
  code: string;
}

/**
 * The one error type handlers throw. `handleError` renders it as RFC 9457 problem+json.
 * @example throw new ApiError("conflict", "That email is already registered")
 */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string>; [key: string]: unknown } = {},
  ) {
    super(detail);
    this.status = problemCodes[code].status;
  }
}

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "urn:marquee:problem:not_found" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string() })).optional(),
  })
  .passthrough()
  .openapi("Problem");

export function problemBody(code: ProblemCode, detail: string, extra: Record<string, unknown> = {}) {
  const { status, title } = problemCodes[code];
  return { type: `urn:marquee:problem:${code}`, title, status, detail, ...extra };
}

export function problemResponse(c: Context<AppEnv>, error: ApiError): Response {
  const { headers, ...extra } = error.extra;
  const body = problemBody(error.code, error.detail, {
    instance: new URL(c.req.url).pathname,
    requestId: c.get("requestId"),
    ...extra,
  });
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: { "content-type": "application/problem+json", ...headers },
  });
}

/** Turns zod issues into the `errors[]` member of a validation problem. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    message: issue.message,
    code: issue.code,
  }));
}

const statusToCode = new Map<number, ProblemCode>(
  Object.entries(problemCodes).map(([code, { status }]) => [status, code as ProblemCode]),
);

/** What a request's background work hangs on; a caller without an execution context (a test's app.fetch) gets none. */
export function backgroundOf(c: Context<AppEnv>): WaitUntil {
  try {
    return c.executionCtx;
  } catch {
    return { waitUntil: () => {} };
  }
}

/**
 * Every 5xx goes to the error log for admins, the deliberate ones (a 503 for a misconfigured
 * secret or a dependency that is down) too: an operator wants to see those as much as a crash.
 */
function recordServerError(c: Context<AppEnv>, status: number, err: unknown) {
  recordError(c.env, backgroundOf(c), {
    source: "request",
    message: describeError(err),
    error: err,
    requestId: c.get("requestId"),
    // The endpoint's template, also when a middleware before it failed.
    route: routePath(c, -1),
    method: c.req.method,
    status,
    detail: { path: new URL(c.req.url).pathname, ...(err instanceof Error && err.name !== "Error" ? { name: err.name } : {}) },
  });
}

/** The app-wide onError: every failure leaves as problem+json, never with a stack; every 5xx is recorded. */
export function handleError(err: unknown, c: Context<AppEnv>): Response {
  if (err instanceof ApiError) {
    if (err.status >= 500) recordServerError(c, err.status, err);
    return problemResponse(c, err);
  }
  if (err instanceof HTTPException) {
    const code = statusToCode.get(err.status) ?? (err.status < 500 ? "bad_request" : "internal");
    if (err.status >= 500) recordServerError(c, problemCodes[code].status, err);
    const detail = err.message || problemCodes[code].title;
    return problemResponse(c, new ApiError(code, detail));
  }
  log.error("unhandled_error", {
    requestId: c.get("requestId"),
    path: new URL(c.req.url).pathname,
    error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
  });
  recordServerError(c, 500, err);
  return problemResponse(c, new ApiError("internal", "Something went wrong on our side. Try again later."));
}

/** Standard error responses, spread into each route's `responses` so the document shows them. */
const problemContent = { "application/problem+json": { schema: ProblemSchema } };
export const errorResponses = {
  400: { description: "Invalid input", content: problemContent },
  401: { description: "Missing or invalid credentials", content: problemContent },
  403: { description: "Not allowed for this role", content: problemContent },
  404: { description: "Not found (or not yours)", content: problemContent },
  409: { description: "Conflicts with the current state", content: problemContent },
  422: { description: "Well-formed but unprocessable", content: problemContent },
  429: { description: "Rate limited", content: problemContent },
} as const;

export function pickErrors<K extends keyof typeof errorResponses>(...codes: K[]) {
  return Object.fromEntries(codes.map((code) => [code, errorResponses[code]])) as Pick<typeof errorResponses, K>;
}
