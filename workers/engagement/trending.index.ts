import { maybeAuth } from "../lib/auth";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { refreshTrending, trendingText } from "./trending";
import * as routes from "./trending.routes";

export const trendingRouter = createRouter().openapi(routes.getTrending, async (c) => {
  const { window, type, refresh } = c.req.valid("query");
  if (refresh === "1") {
    const auth = maybeAuth(c);
    if (!auth) throw new ApiError("unauthorized", "Only admins may refresh trending; send an access token");
    if (auth.role !== "admin") throw new ApiError("forbidden", "Only admins may refresh trending");
    await refreshTrending(c.env);
  }
  // The stored text already has the response's shape: pass it through without re-parsing.
  const text = await trendingText(c.env, window, type);
  return new Response(text, { headers: { "content-type": "application/json", "cache-control": "public, max-age=60" } }) as never;
});
