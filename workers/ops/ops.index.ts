import { createRouter } from "../lib/create-app";
import { auditRouter } from "./audit.index";
import { errorsRouter } from "./errors.index";
import { monitorRouter } from "./monitor.index";

/** Operations under /api: the system summary, the audit log and the error log (admins). */
export const opsRouter = createRouter().route("/", monitorRouter).route("/", auditRouter).route("/", errorsRouter);
