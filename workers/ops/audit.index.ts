import { createRouter } from "../lib/create-app";

/** GET /api/admin/audit (skeleton). */
export const auditRouter = createRouter();
