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

const setMoviePoster = onTitle("movie", "posterKey");
const setMovieBackdrop = onTitle("movie", "backdropKey");
const setSeriesPoster = onTitle("series", "posterKey");
const setSeriesBackdrop = onTitle("series", "backdropKey");

// One `.openapi(...)` chain, not a loop over the targets, so that every route stays in the router's
// type and so in AppType and the typed client.
export const artworkRouter = createRouter()
  .openapi(routes.getArtwork, async (c) => {
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
  })
  .openapi(routes.moviePoster.put, (c) => upload(c, setMoviePoster, "No such movie"))
  .openapi(routes.moviePoster.remove, (c) => remove(c, setMoviePoster, "No such movie"))
  .openapi(routes.movieBackdrop.put, (c) => upload(c, setMovieBackdrop, "No such movie"))
  .openapi(routes.movieBackdrop.remove, (c) => remove(c, setMovieBackdrop, "No such movie"))
  .openapi(routes.seriesPoster.put, (c) => upload(c, setSeriesPoster, "No such series"))
  .openapi(routes.seriesPoster.remove, (c) => remove(c, setSeriesPoster, "No such series"))
  .openapi(routes.seriesBackdrop.put, (c) => upload(c, setSeriesBackdrop, "No such series"))
  .openapi(routes.seriesBackdrop.remove, (c) => remove(c, setSeriesBackdrop, "No such series"))
  .openapi(routes.personPhoto.put, (c) => upload(c, onPerson, "No such person"))
  .openapi(routes.personPhoto.remove, (c) => remove(c, onPerson, "No such person"));
