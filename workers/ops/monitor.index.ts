import { createRouter } from "../lib/create-app";

/** GET /api/admin/monitor/summary (skeleton). */
export const monitorRouter = createRouter();
