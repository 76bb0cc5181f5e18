import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import * as writes from "./catalog.writes";
import * as q from "./seasons.queries";
import * as routes from "./seasons.routes";

const NO_SERIES = "No such series";
const NO_SEASON = "No such season";
const NO_EPISODE = "No such episode";

// GET /episodes/{id} (routes.getEpisode) shows the episode's likes too, so engagement serves it:
// engagement/title-pages.index.ts.
export const seasonsRouter = createRouter()
  .openapi(routes.listSeasons, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    const [found, items] = await Promise.all([q.seriesExists(db, id), q.listSeasons(db, id)]);
    if (!found) throw new ApiError("not_found", NO_SERIES);
    return c.json({ items, nextCursor: null }, 200);
  })
  .openapi(routes.createSeason, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    if (!(await q.seriesExists(db, id))) throw new ApiError("not_found", NO_SERIES);
    const season = await writes.createSeason(db, c.env, id, c.req.valid("json"));
    if (!season) throw new ApiError("not_found", NO_SEASON);
    return c.json(season, 201, { location: `/api/seasons/${season.id}` });
  })
  .openapi(routes.getSeason, async (c) => {
    const season = await q.findSeason(c.get("db"), c.req.valid("param").id);
    if (!season) throw new ApiError("not_found", NO_SEASON);
    return c.json(season, 200);
  })
  .openapi(routes.updateSeason, async (c) => {
    const season = await writes.updateSeason(c.get("db"), c.env, c.req.valid("param").id, c.req.valid("json"));
    if (!season) throw new ApiError("not_found", NO_SEASON);
    return c.json(season, 200);
  })
  .openapi(routes.deleteSeason, async (c) => {
    if (!(await writes.deleteSeason(c.get("db"), c.env, c.req.valid("param").id))) throw new ApiError("not_found", NO_SEASON);
    return c.body(null, 204);
  })
  .openapi(routes.listEpisodes, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    const season = await q.findSeason(db, id);
    if (!season) throw new ApiError("not_found", NO_SEASON);
    return c.json({ items: season.episodes, nextCursor: null }, 200);
  })
  .openapi(routes.createEpisode, async (c) => {
    const episode = await writes.createEpisode(c.get("db"), c.env, c.req.valid("param").id, c.req.valid("json"));
    if (!episode) throw new ApiError("not_found", NO_SEASON);
    return c.json(episode, 201, { location: `/api/episodes/${episode.id}` });
  })
  .openapi(routes.updateEpisode, async (c) => {
    const episode = await writes.updateEpisode(c.get("db"), c.env, c.req.valid("param").id, c.req.valid("json"));
    if (!episode) throw new ApiError("not_found", NO_EPISODE);
    return c.json(episode, 200);
  })
  .openapi(routes.deleteEpisode, async (c) => {
    if (!(await writes.deleteEpisode(c.get("db"), c.env, c.req.valid("param").id))) throw new ApiError("not_found", NO_EPISODE);
    return c.body(null, 204);
  });
