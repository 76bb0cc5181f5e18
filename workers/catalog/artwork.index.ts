import type { Context } from "hono";
import { artworkUrl } from "../lib/artwork-urls";
import type { AppEnv } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { IMMUTABLE, readImageBody, storeArtwork } from "./artwork";
import * as routes from "./artwork.routes";
import { setTitleArtwork, updatePerson } from "./catalog.writes";
import type { ArtworkColumn, TitleKind } from "./titles.queries";

type Setter = (c: Context<AppEnv>, id: string, key: string | null) => Promise<boolean>;

const onTitle =
  (kind: TitleKind, column: ArtworkColumn): Setter =>
  (c, id, key) =>
    setTitleArtwork(c.get("db"), c.env, kind, id, column, key);

const onPerson: Setter = async (c, id, key) => (await updatePerson(c.get("db"), c.env, id, { photoKey: key })) !== undefined;

// Objects are content-addressed and may be shared by several titles, so replacing or removing
// artwork only changes the reference; the bytes stay in R2.
async function upload(c: Context<AppEnv>, set: Setter, notFound: string) {
  const id = c.req.param("id") ?? "";
  const stored = await storeArtwork(c.env.MEDIA, await readImageBody(c.req.raw));
  if (!(await set(c, id, stored.key))) throw new ApiError("not_found", notFound);
  return c.json({ url: artworkUrl(stored.key) ?? "", contentType: stored.contentType, bytes: stored.bytes }, 200);
}

async function remove(c: Context<AppEnv>, set: Setter, notFound: string) {
  if (!(await set(c, c.req.param("id") ?? "", null))) throw new ApiError("not_found", notFound);
  return c.body(null, 204);
}

const targets = [
  [routes.moviePoster, onTitle("movie", "posterKey"), "No such movie"],
  [routes.movieBackdrop, onTitle("movie", "backdropKey"), "No such movie"],
  [routes.seriesPoster, onTitle("series", "posterKey"), "No such series"],
  [routes.seriesBackdrop, onTitle("series", "backdropKey"), "No such series"],
  [routes.personPhoto, onPerson, "No such person"],
] as const;

const router = createRouter().openapi(routes.getArtwork, async (c) => {
  const { file } = c.req.valid("param");
  const etag = `"${file.split(".")[0]}"`;
  const headers = { etag, "cache-control": IMMUTABLE };
  // The name is the content's hash: if the client has this name, it has these bytes.
  if (
    c.req
      .header("if-none-match")
      ?.split(/\s*,\s*/)
      .includes(etag)
  )
    return new Response(null, { status: 304, headers }) as never;
  const object = await c.env.MEDIA.get(`artwork/${file}`);
  if (!object) throw new ApiError("not_found", "No such image");
  const responseHeaders = new Headers(headers);
  object.writeHttpMetadata(responseHeaders);
  responseHeaders.set("cache-control", IMMUTABLE);
  responseHeaders.set("content-length", String(object.size));
  return new Response(object.body, { status: 200, headers: responseHeaders }) as never;
});

for (const [route, set, notFound] of targets) {
  router.openapi(route.put, (c) => upload(c, set, notFound)).openapi(route.remove, (c) => remove(c, set, notFound));
}

export const artworkRouter = router;
