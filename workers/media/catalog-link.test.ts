import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser, signInAdmin } from "../../test/api";
import { newMovie } from "../catalog/catalog.fixtures";
import { clip, uploaded } from "./media.test-helpers";

describe("catalog titles' playable assets", { timeout: 30_000 }, () => {
  it("lets an admin attach a media item to a movie, which anyone signed in can then play", async () => {
    const admin = await signInAdmin();
    const movie = await newMovie();
    const item = await uploaded(admin.accessToken, clip.audio(), "score.mp3");
    const viewer = await registerUser();

    expectProblem(await api("GET", `/api/movies/${movie.id}/playback`, { token: viewer.accessToken }), 404);
    const attached = await api("PUT", `/api/movies/${movie.id}/media`, { token: admin.accessToken, body: { mediaId: item.id } });
    expect(attached.status).toBe(200);
    expect(attached.body).toMatchObject({ titleType: "movie", titleId: movie.id, mediaId: item.id });

    const playback = await api("GET", `/api/movies/${movie.id}/playback`, { token: viewer.accessToken });
    expect(playback.status).toBe(200);
    expect(playback.body.type).toBe("audio/mpeg");
    const stream = await SELF.fetch(playback.body.url, { headers: { range: "bytes=0-9" } });
    expect(stream.status).toBe(206);
    expect((await stream.arrayBuffer()).byteLength).toBe(10);

    expect((await api("DELETE", `/api/movies/${movie.id}/media`, { token: admin.accessToken })).status).toBe(204);
    expectProblem(await api("GET", `/api/movies/${movie.id}/playback`, { token: viewer.accessToken }), 404);
    expectProblem(await api("DELETE", `/api/movies/${movie.id}/media`, { token: admin.accessToken }), 404);
  });

  it("needs an admin to attach, and existing titles and media", async () => {
    const admin = await signInAdmin();
    const user = await registerUser();
    const movie = await newMovie();
    const item = await uploaded(user.accessToken, clip.wav(), "a.wav");
    expectProblem(
      await api("PUT", `/api/movies/${movie.id}/media`, { token: user.accessToken, body: { mediaId: item.id } }),
      403,
    );
    expectProblem(await api("DELETE", `/api/movies/${movie.id}/media`, { token: user.accessToken }), 403);
    expectProblem(await api("PUT", `/api/movies/${movie.id}/media`, { body: { mediaId: item.id } }), 401);
    expectProblem(await api("GET", `/api/movies/${movie.id}/playback`), 401);
    expectProblem(
      await api("PUT", "/api/movies/no-such-movie/media", { token: admin.accessToken, body: { mediaId: item.id } }),
      404,
    );
    expectProblem(
      await api("PUT", "/api/episodes/no-such-episode/media", { token: admin.accessToken, body: { mediaId: item.id } }),
      404,
    );
    expectProblem(
      await api("PUT", `/api/movies/${movie.id}/media`, { token: admin.accessToken, body: { mediaId: "nope" } }),
      404,
    );
    expectProblem(await api("PUT", `/api/movies/${movie.id}/media`, { token: admin.accessToken, body: {} }), 400);
    expectProblem(await api("GET", "/api/episodes/no-such-episode/playback", { token: user.accessToken }), 404);
  });
});
