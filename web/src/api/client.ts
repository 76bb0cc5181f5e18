import { hc } from "hono/client";
import type { AppType } from "../../../workers/app";
import { authorizedFetch } from "./session";

/** The whole API, typed by the Worker's own routes: the app and the API cannot drift. */
export const api = hc<AppType>("/api", { fetch: authorizedFetch });
