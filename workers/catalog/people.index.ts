import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { page } from "../lib/pagination";
import * as writes from "./catalog.writes";
import { afterPair } from "./cursor";
import * as q from "./people.queries";
import * as routes from "./people.routes";
import { toPerson } from "./people.schemas";

const NOT_FOUND = "No such person";

export const peopleRouter = createRouter()
  .openapi(routes.listPeople, async (c) => {
    const { q: text, limit, cursor } = c.req.valid("query");
    const rows = await q.listPeople(c.get("db"), { q: text, after: afterPair(cursor), limit });
    return c.json(
      page(rows, limit, (row) => [row.name, row.id], toPerson),
      200,
    );
  })
  .openapi(routes.getPerson, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    const [row, credits] = await Promise.all([q.findPerson(db, id), q.creditsOf(db, id)]);
    if (!row) throw new ApiError("not_found", NOT_FOUND);
    return c.json({ ...toPerson(row), credits }, 200);
  })
  .openapi(routes.createPerson, async (c) => {
    const person = toPerson(await writes.createPerson(c.get("db"), c.env, c.req.valid("json")));
    return c.json(person, 201, { location: `/api/people/${person.id}` });
  })
  .openapi(routes.updatePerson, async (c) => {
    const row = await writes.updatePerson(c.get("db"), c.env, c.req.valid("param").id, c.req.valid("json"));
    if (!row) throw new ApiError("not_found", NOT_FOUND);
    return c.json(toPerson(row), 200);
  })
  .openapi(routes.deletePerson, async (c) => {
    if (!(await writes.deletePerson(c.get("db"), c.env, c.req.valid("param").id))) throw new ApiError("not_found", NOT_FOUND);
    return c.body(null, 204);
  });
