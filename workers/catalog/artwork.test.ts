import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser } from "../../test/api";
import { client, expectJson } from "../../test/client";
import { MAX_ARTWORK_BYTES, sniffImage } from "./artwork";
import { admin, newGenre, newMovie, newPerson, newSeries, PNG } from "./catalog.fixtures";

const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
const WEBP = new TextEncoder().encode(
  "RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00",
);

const movieDetail = async (id: string) => expectJson(await client().movies[":id"].$get({ param: { id } }), 200);
const seriesDetail = async (id: string) => expectJson(await client().series[":id"].$get({ param: { id } }), 200);

async function put(path: string, bytes: Uint8Array, token?: string, type = "image/png") {
  return api("PUT", path, { token: token ?? (await admin()), raw: bytes, headers: { "content-type": type } });
}

describe("artwork", () => {
  it("stores a poster in R2 and serves it at an immutable URL with an ETag", async () => {
    const genre = await newGenre();
    const movie = await newMovie({ genres: [genre.id] });
    const res = await put(`/api/movies/${movie.id}/poster`, PNG);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      url: expect.stringMatching(/^\/api\/artwork\/[0-9a-f]{64}\.png$/),
      contentType: "image/png",
      bytes: PNG.length,
    });
    expect((await movieDetail(movie.id)).posterUrl).toBe(res.body.url);
    const listed = await expectJson(await client().movies.$get({ query: { genre: genre.id } }), 200);
    expect(listed.items[0].posterUrl).toBe(res.body.url);

    const image = await SELF.fetch(`https://marquee.test${res.body.url}`);
    expect(image.status).toBe(200);
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(PNG);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(image.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const etag = image.headers.get("etag");
    expect(etag).toBe(`"${res.body.url.split("/").at(-1).split(".")[0]}"`);
    const again = await api("GET", res.body.url, { headers: { "if-none-match": etag ?? "" } });
    expect(again.status).toBe(304);
    const stored = await env.MEDIA.head(`artwork/${res.body.url.split("/").at(-1)}`);
    expect(stored?.size).toBe(PNG.length);
  });

  it("sniffs the bytes, not the declared type", async () => {
    const movie = await newMovie();
    const jpeg = await put(`/api/movies/${movie.id}/backdrop`, JPEG, undefined, "image/png");
    expect(jpeg.body.contentType).toBe("image/jpeg");
    expect((await movieDetail(movie.id)).backdropUrl).toBe(jpeg.body.url);
    const show = await newSeries();
    const webp = await put(`/api/series/${show.id}/poster`, WEBP);
    expect(webp.body).toMatchObject({ contentType: "image/webp", url: expect.stringMatching(/\.webp$/) });
    const person = await newPerson();
    const photo = await put(`/api/people/${person.id}/photo`, PNG);
    const personDetail = await expectJson(await client().people[":id"].$get({ param: { id: person.id } }), 200);
    expect(personDetail.photoUrl).toBe(photo.body.url);
    expectProblem(
      await put(`/api/movies/${movie.id}/poster`, new TextEncoder().encode("<svg></svg>"), undefined, "image/png"),
      415,
    );
    expectProblem(await put(`/api/movies/${movie.id}/poster`, new TextEncoder().encode("GIF89a......")), 415);
    expect(sniffImage(new Uint8Array())).toBeUndefined();
  });

  it("refuses images over 5 MB and empty bodies", async () => {
    const movie = await newMovie();
    const big = new Uint8Array(MAX_ARTWORK_BYTES + 1);
    big.set(PNG);
    expectProblem(await put(`/api/movies/${movie.id}/poster`, big), 413);
    expectProblem(await put(`/api/movies/${movie.id}/poster`, new Uint8Array()), 400);
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
    const token = await admin();
    const show = await newSeries();
    await put(`/api/series/${show.id}/backdrop`, PNG);
    // The artwork routes are not in AppType: their PUT and DELETE stay on api().
    expect((await api("DELETE", `/api/series/${show.id}/backdrop`, { token })).status).toBe(204);
    expect((await seriesDetail(show.id)).backdropUrl).toBeNull();
  });

  it("answers 404 for unknown titles and images, 400 for bad names", async () => {
    expectProblem(await put("/api/movies/nope/poster", PNG), 404);
    expectProblem(await put("/api/people/nope/photo", PNG), 404);
    expectProblem(await api("DELETE", "/api/series/nope/poster", { token: await admin() }), 404);
    expectProblem(await api("GET", `/api/artwork/${"0".repeat(64)}.png`), 404);
    expectProblem(await api("GET", "/api/artwork/..%2F..%2Fsecret"), 400);
  });

  it("lets only admins upload", async () => {
    const movie = await newMovie();
    const user = await registerUser();
    expectProblem(await api("PUT", `/api/movies/${movie.id}/poster`, { raw: PNG }), 401);
    expectProblem(await put(`/api/movies/${movie.id}/poster`, PNG, user.accessToken), 403);
    expectProblem(await api("DELETE", `/api/movies/${movie.id}/poster`, { token: user.accessToken }), 403);
  });
});
