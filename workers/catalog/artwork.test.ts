import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { MAX_ARTWORK_BYTES, sniffImage } from "./artwork";
import { admin, newGenre, newMovie, newPerson, newSeries, PNG } from "./catalog.fixtures";

const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
const WEBP = new TextEncoder().encode(
  "RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00",
);

const movieDetail = async (id: string) => expectJson(await client().movies[":id"].$get({ param: { id } }), 200);
const seriesDetail = async (id: string) => expectJson(await client().series[":id"].$get({ param: { id } }), 200);

/** The admin's typed client. */
const asAdmin = async () => client(await admin());

/**
 * The image as the raw request body. The typed client has an input for JSON and forms but not for a
 * binary body, so the bytes go in `init` (the path, parameters and answer stay typed).
 * @example await (await asAdmin()).movies[":id"].poster.$put({ param }, image(PNG))
 */
const image = (bytes: Uint8Array, type = "image/png") => ({ headers: { "content-type": type }, init: { body: bytes } });

/** The file name at the end of an artwork URL, e.g. `<sha256>.png`. */
const fileOf = (url: string) => url.split("/").at(-1) ?? "";

describe("artwork", () => {
  it("stores a poster in R2 and serves it at an immutable URL with an ETag", async () => {
    const genre = await newGenre();
    const movie = await newMovie({ genres: [genre.id] });
    const res = await (await asAdmin()).movies[":id"].poster.$put({ param: { id: movie.id } }, image(PNG));
    const stored = await expectJson(res, 200);
    expect(stored).toEqual({
      url: expect.stringMatching(/^\/api\/artwork\/[0-9a-f]{64}\.png$/),
      contentType: "image/png",
      bytes: PNG.length,
    });
    expect((await movieDetail(movie.id)).posterUrl).toBe(stored.url);
    const listed = await expectJson(await client().movies.$get({ query: { genre: genre.id } }), 200);
    expect(listed.items[0].posterUrl).toBe(stored.url);

    // The URL exactly as handed out.
    const served = await SELF.fetch(`https://marquee.test${stored.url}`);
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const etag = served.headers.get("etag");
    const file = fileOf(stored.url);
    expect(etag).toBe(`"${file.split(".")[0]}"`);
    const again = await client().artwork[":file"].$get({ param: { file } }, { headers: { "if-none-match": etag ?? "" } });
    expect(again.status).toBe(304);
    const object = await env.MEDIA.head(`artwork/${file}`);
    expect(object?.size).toBe(PNG.length);
  });

  it("sniffs the bytes, not the declared type", async () => {
    const as = await asAdmin();
    const movie = await newMovie();
    const param = { id: movie.id };
    const jpeg = await expectJson(await as.movies[":id"].backdrop.$put({ param }, image(JPEG, "image/png")), 200);
    expect(jpeg.contentType).toBe("image/jpeg");
    expect((await movieDetail(movie.id)).backdropUrl).toBe(jpeg.url);
    const show = await newSeries();
    const webp = await expectJson(await as.series[":id"].poster.$put({ param: { id: show.id } }, image(WEBP)), 200);
    expect(webp).toMatchObject({ contentType: "image/webp", url: expect.stringMatching(/\.webp$/) });
    const person = await newPerson();
    const photo = await expectJson(await as.people[":id"].photo.$put({ param: { id: person.id } }, image(PNG)), 200);
    const personDetail = await expectJson(await client().people[":id"].$get({ param: { id: person.id } }), 200);
    expect(personDetail.photoUrl).toBe(photo.url);
    const svg = image(new TextEncoder().encode("<svg></svg>"), "image/png");
    await expectProblemOf(await as.movies[":id"].poster.$put({ param }, svg), 415);
    await expectProblemOf(await as.movies[":id"].poster.$put({ param }, image(new TextEncoder().encode("GIF89a......"))), 415);
    expect(sniffImage(new Uint8Array())).toBeUndefined();
  });

  it("refuses images over 5 MB and empty bodies", async () => {
    const movie = await newMovie();
    const poster = (await asAdmin()).movies[":id"].poster;
    const param = { id: movie.id };
    const big = new Uint8Array(MAX_ARTWORK_BYTES + 1);
    big.set(PNG);
    await expectProblemOf(await poster.$put({ param }, image(big)), 413);
    await expectProblemOf(await poster.$put({ param }, image(new Uint8Array())), 400);
    // Without a content-length the limit is enforced while reading.
    let remaining = 6;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(1024 * 1024));
        if (--remaining === 0) controller.close();
      },
    });
    const res = await SELF.fetch(`https://marquee.test/api/movies/${movie.id}/poster`, {
      method: "PUT",
      headers: { authorization: `Bearer ${await admin()}`, "content-type": "image/png" },
      body: stream,
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await movieDetail(movie.id)).posterUrl).toBeNull();
  });

  it("removes a poster reference", async () => {
    const backdrop = (await asAdmin()).series[":id"].backdrop;
    const show = await newSeries();
    const param = { id: show.id };
    await expectJson(await backdrop.$put({ param }, image(PNG)), 200);
    expect((await backdrop.$delete({ param })).status).toBe(204);
    expect((await seriesDetail(show.id)).backdropUrl).toBeNull();
  });

  it("answers 404 for unknown titles and images, 400 for bad names", async () => {
    const as = await asAdmin();
    const param = { id: "nope" };
    await expectProblemOf(await as.movies[":id"].poster.$put({ param }, image(PNG)), 404);
    await expectProblemOf(await as.people[":id"].photo.$put({ param }, image(PNG)), 404);
    await expectProblemOf(await as.series[":id"].poster.$delete({ param }), 404);
    const artwork = client().artwork[":file"];
    await expectProblemOf(await artwork.$get({ param: { file: `${"0".repeat(64)}.png` } }), 404);
    await expectProblemOf(await artwork.$get({ param: { file: "..%2F..%2Fsecret" } }), 400);
  });

  it("lets only admins upload", async () => {
    const movie = await newMovie();
    const user = await registerUser();
    const param = { id: movie.id };
    await expectProblemOf(await client().movies[":id"].poster.$put({ param }, { init: { body: PNG } }), 401);
    const asUser = client(user.accessToken).movies[":id"].poster;
    await expectProblemOf(await asUser.$put({ param }, image(PNG)), 403);
    await expectProblemOf(await asUser.$delete({ param }), 403);
  });
});
