import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { page } from "../lib/pagination";
import * as writes from "./catalog.writes";
import { afterPair } from "./cursor";
import * as q from "./genres.queries";
import * as routes from "./genres.routes";
import { toGenre } from "./genres.schemas";

const NOT_FOUND = "No such genre";

export const genresRouter = createRouter()
  .openapi(routes.listGenres, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await q.listGenres(c.get("db"), { after: afterPair(cursor), limit });
    return c.json(
      page(rows, limit, (row) => [row.name, row.id], toGenre),
      200,
    );
  })
  .openapi(routes.getGenre, async (c) => {
    const row = await q.findGenre(c.get("db"), c.req.valid("param").id);
    if (!row) throw new ApiError("not_found", NOT_FOUND);
    return c.json(toGenre(row), 200);
  })
  .openapi(routes.createGenre, async (c) => {
    const row = await writes.createGenre(c.get("db"), c.req.valid("json").name);
    return c.json(toGenre(row), 201, { location: `/api/genres/${row.id}` });
  })
  .openapi(routes.updateGenre, async (c) => {
    const row = await writes.renameGenre(c.get("db"), c.env, c.req.valid("param").id, c.req.valid("json").name);
    if (!row) throw new ApiError("not_found", NOT_FOUND);
    return c.json(toGenre(row), 200);
  })
  .openapi(routes.deleteGenre, async (c) => {
    if (!(await writes.deleteGenre(c.get("db"), c.req.valid("param").id))) throw new ApiError("not_found", NOT_FOUND);
    return c.body(null, 204);
  });
