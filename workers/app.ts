import { Scalar } from "@scalar/hono-api-reference";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { analyticsRouter } from "./analytics/analytics.index";
import { authRouter } from "./auth/auth.index";
import { devSessionRouter } from "./auth/dev-session.index";
import { sessionsRouter } from "./auth/sessions.index";
import { billingRouter } from "./billing/billing.index";
import { catalogRouter } from "./catalog/catalog.index";
import { cinemaRouter } from "./cinema/cinema.index";
import { engagementRouter } from "./engagement/engagement.index";
import { healthRouter } from "./health/health.index";
import { refuseInsecureConfiguration } from "./lib/config-guard";
import type { AppEnv } from "./lib/context";
import { createRouter } from "./lib/create-app";
import { dbMiddleware } from "./lib/db";
import { ApiError, handleError } from "./lib/errors";
import { newId } from "./lib/ids";
import { withSharedResponses } from "./lib/openapi";
import { rateLimits } from "./lib/rate-limits";
import { securityHeaders } from "./lib/security-headers";
import { loyaltyRouter } from "./loyalty/loyalty.index";
import { catalogMediaRouter } from "./media/catalog-link";
import { mediaRouter } from "./media/media.index";
import { streamRouter } from "./media/stream";
import { uploadsRouter } from "./media/uploads.index";
import { mailboxRouter } from "./notifications/mailbox.index";
import { messagesRouter } from "./notifications/messages.index";
import { notificationsRouter } from "./notifications/notifications.index";
import { preferencesRouter } from "./notifications/preferences.index";
import { auditStaffActions } from "./ops/audit-actions";
import { metricsRouter } from "./ops/metrics.index";
import { observeRequests } from "./ops/observe";
import { opsRouter } from "./ops/ops.index";
import { paymentMethodsRouter } from "./payments/payment-methods.index";
import { paymentsRouter } from "./payments/payments.index";
import { followsRouter } from "./social/follows.index";
import { meRouter } from "./users/me.index";
import { profilesRouter } from "./users/profiles.index";
import { usersRouter } from "./users/users.index";

const allowLists = new Map<string, Set<string>>();
function allowedOrigins(env: Env): Set<string> {
  let list = allowLists.get(env.CORS_ORIGINS);
  if (!list) {
    list = new Set(
      (env.CORS_ORIGINS ?? "")
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    );
    allowLists.set(env.CORS_ORIGINS, list);
  }
  return list;
}

const api = createRouter()
  .route("/", authRouter)
  .route("/", meRouter)
  .route("/", sessionsRouter)
  .route("/", usersRouter)
  .route("/", profilesRouter)
  .route("/", catalogRouter)
  .route("/", paymentMethodsRouter)
  .route("/", paymentsRouter)
  .route("/", billingRouter)
  .route("/", loyaltyRouter)
  .route("/", cinemaRouter)
  .route("/", notificationsRouter)
  .route("/", preferencesRouter)
  .route("/", mailboxRouter)
  .route("/", messagesRouter)
  .route("/", devSessionRouter)
  .route("/", followsRouter)
  .route("/", mediaRouter)
  .route("/", uploadsRouter)
  .route("/", catalogMediaRouter)
  .route("/", engagementRouter)
  .route("/", analyticsRouter)
  .route("/", opsRouter);

api.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
  type: "http",
  scheme: "bearer",
  bearerFormat: "JWT",
});
const documentConfig = {
  openapi: "3.1.0",
  info: {
    title: "Marquee API",
    version: "1.0.0",
    description: "Streaming catalog, personal media, social features and cinema box office. Errors are RFC 9457 problem+json.",
  },
  servers: [{ url: "/api" }],
};
let openApiDocument: ReturnType<typeof api.getOpenAPI31Document> | undefined;
api.get("/openapi.json", (c) => {
  openApiDocument ??= withSharedResponses(api.getOpenAPI31Document(documentConfig));
  return c.json(openApiDocument);
});
api.get(
  "/docs",
  Scalar({ url: "/api/openapi.json", pageTitle: "Marquee API", cdn: "/vendor/scalar.js", withDefaultFonts: false }),
);

export const app = createRouter();

app.use(requestId({ generator: () => newId(), headerName: "x-request-id" }));
app.use(observeRequests);
app.use(securityHeaders);
app.use(refuseInsecureConfiguration);
app.use(
  "/api/*",
  cors({
    origin: (origin, c) => (allowedOrigins(c.env).has(origin) ? origin : null),
    // tus-* and upload-* let a browser tus client (resumable media uploads) talk to /api/uploads.
    allowHeaders: [
      "authorization",
      "content-type",
      "idempotency-key",
      "x-request-id",
      "tus-resumable",
      "upload-length",
      "upload-metadata",
      "upload-offset",
    ],
    allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    exposeHeaders: [
      "x-request-id",
      "retry-after",
      "ratelimit",
      "ratelimit-policy",
      "location",
      "tus-resumable",
      "tus-version",
      "tus-extension",
      "tus-max-size",
      "upload-offset",
      "upload-length",
      "upload-expires",
      "media-id",
    ],
    maxAge: 600,
  }),
);
app.use(dbMiddleware);
app.use(rateLimits);
app.use("/api/*", auditStaffActions);

app.route("/", healthRouter);
app.route("/", metricsRouter);
app.route("/api", api);
app.route("/", streamRouter);

app.notFound((c) => {
  throw new ApiError("not_found", `Nothing at ${c.req.method} ${new URL(c.req.url).pathname}`);
});
app.onError(handleError);

export type AppType = typeof api;
export type { AppEnv };
