import { createRouter } from "../lib/create-app";

/** GET /metrics (Prometheus text, METRICS_TOKEN) (skeleton). */
export const metricsRouter = createRouter();
