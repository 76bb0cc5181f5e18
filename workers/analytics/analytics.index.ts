import { createRouter } from "../lib/create-app";

/** Business analytics: POST /api/events and the reads under /api/admin/analytics/ (skeleton). */
export const analyticsRouter = createRouter();
