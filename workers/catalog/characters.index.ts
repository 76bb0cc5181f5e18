import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { page } from "../lib/pagination";
import * as writes from "./catalog.writes";
import * as q from "./characters.queries";
import * as routes from "./characters.routes";
import { toCharacter } from "./characters.schemas";
import { afterPair } from "./cursor";

const NOT_FOUND = "No such character";

export const charactersRouter = createRouter()
  .openapi(routes.listCharacters, async (c) => {
    const { person, limit, cursor } = c.req.valid("query");
    const rows = await q.listCharacters(c.get("db"), { person, after: afterPair(cursor), limit });
    return c.json(
      page(rows, limit, (row) => [row.name, row.id], toCharacter),
      200,
    );
  })
  .openapi(routes.getCharacter, async (c) => {
    const row = await q.findCharacter(c.get("db"), c.req.valid("param").id);
    if (!row) throw new ApiError("not_found", NOT_FOUND);
    return c.json(toCharacter(row), 200);
  })
  .openapi(routes.createCharacter, async (c) => {
    const row = await writes.createCharacter(c.get("db"), c.req.valid("json"));
    if (!row) throw new ApiError("not_found", NOT_FOUND);
    return c.json(toCharacter(row), 201, { location: `/api/characters/${row.id}` });
  })
  .openapi(routes.updateCharacter, async (c) => {
    const row = await writes.updateCharacter(c.get("db"), c.env, c.req.valid("param").id, c.req.valid("json"));
    if (!row) throw new ApiError("not_found", NOT_FOUND);
    return c.json(toCharacter(row), 200);
  })
  .openapi(routes.deleteCharacter, async (c) => {
    if (!(await writes.deleteCharacter(c.get("db"), c.env, c.req.valid("param").id))) throw new ApiError("not_found", NOT_FOUND);
    return c.body(null, 204);
  });
