import { createRouter } from "../lib/create-app";

/** GET /api/admin/errors (skeleton). */
export const errorsRouter = createRouter();
