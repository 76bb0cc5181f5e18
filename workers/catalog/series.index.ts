import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { page } from "../lib/pagination";
import { cachedJson, listScope } from "./cache";
import * as writes from "./catalog.writes";
import { afterPair } from "./cursor";
import * as routes from "./series.routes";
import { findSeriesDetail, listTitles } from "./titles.queries";

const NOT_FOUND = "No such series";

// GET /series/{id} (routes.getSeries) shows the series' likes too, so engagement serves it:
// engagement/title-pages.index.ts, with the detail from title-details.ts.
export const seriesRouter = createRouter()
  .openapi(routes.listSeries, async (c) => {
    const filters = c.req.valid("query");
    const after = afterPair(filters.cursor);
    const response = await cachedJson(c, listScope.series, JSON.stringify(filters), async () => {
      const rows = await listTitles(c.get("db"), "series", filters, after);
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
  .openapi(routes.createSeries, async (c) => {
    const db = c.get("db");
    const id = await writes.createTitle(db, c.env, "series", c.req.valid("json"));
    const title = await findSeriesDetail(db, id);
    if (!title) throw new ApiError("not_found", NOT_FOUND);
    return c.json(title, 201, { location: `/api/series/${title.id}` });
  })
  .openapi(routes.updateSeries, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    const title = (await writes.updateTitle(db, c.env, "series", id, c.req.valid("json"))) && (await findSeriesDetail(db, id));
    if (!title) throw new ApiError("not_found", NOT_FOUND);
    return c.json(title, 200);
  })
  .openapi(routes.deleteSeries, async (c) => {
    if (!(await writes.deleteTitle(c.get("db"), c.env, "series", c.req.valid("param").id)))
      throw new ApiError("not_found", NOT_FOUND);
    return c.body(null, 204);
  })
  .openapi(routes.setSeriesCast, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    const title = (await writes.setCast(db, c.env, "series", id, c.req.valid("json").cast)) && (await findSeriesDetail(db, id));
    if (!title) throw new ApiError("not_found", NOT_FOUND);
    return c.json(title, 200);
  });
