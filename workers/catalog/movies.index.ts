import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { page } from "../lib/pagination";
import { cachedJson, listScope } from "./cache";
import * as writes from "./catalog.writes";
import { afterPair } from "./cursor";
import * as routes from "./movies.routes";
import { findMovieDetail, listTitles } from "./titles.queries";

const NOT_FOUND = "No such movie";

// GET /movies/{id} (routes.getMovie) shows the movie's likes too, so engagement serves it:
// engagement/title-pages.index.ts, with the detail from title-details.ts.
export const moviesRouter = createRouter()
  .openapi(routes.listMovies, async (c) => {
    const filters = c.req.valid("query");
    const after = afterPair(filters.cursor);
    const response = await cachedJson(c, listScope.movie, JSON.stringify(filters), async () => {
      const rows = await listTitles(c.get("db"), "movie", filters, after);
      return page(
        rows,
        filters.limit,
        (row) => row.key,
        (row) => row.item,
      );
    });
    if (!response) throw new ApiError("not_found", NOT_FOUND);
    return response;
  })
  .openapi(routes.createMovie, async (c) => {
    const db = c.get("db");
    const id = await writes.createTitle(db, c.env, "movie", c.req.valid("json"));
    const movie = await findMovieDetail(db, id);
    if (!movie) throw new ApiError("not_found", NOT_FOUND);
    return c.json(movie, 201, { location: `/api/movies/${movie.id}` });
  })
  .openapi(routes.updateMovie, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    const movie = (await writes.updateTitle(db, c.env, "movie", id, c.req.valid("json"))) && (await findMovieDetail(db, id));
    if (!movie) throw new ApiError("not_found", NOT_FOUND);
    return c.json(movie, 200);
  })
  .openapi(routes.deleteMovie, async (c) => {
    if (!(await writes.deleteTitle(c.get("db"), c.env, "movie", c.req.valid("param").id)))
      throw new ApiError("not_found", NOT_FOUND);
    return c.body(null, 204);
  })
  .openapi(routes.setMovieCast, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    const movie = (await writes.setCast(db, c.env, "movie", id, c.req.valid("json").cast)) && (await findMovieDetail(db, id));
    if (!movie) throw new ApiError("not_found", NOT_FOUND);
    return c.json(movie, 200);
  });
