import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, signInAdmin } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { newEpisode, newMovie, newSeason, newSeries } from "../catalog/catalog.fixtures";
import { clip, uploaded } from "./media.test-helpers";

describe("catalog titles' playable assets", { timeout: 30_000 }, () => {
  it("lets an admin attach a media item to a movie, which anyone signed in can then play", async () => {
    const admin = await signInAdmin();
    const movie = await newMovie();
    const item = await uploaded(admin.accessToken, clip.audio(), "score.mp3");
    const viewer = await registerUser();
    const asAdmin = client(admin.accessToken).movies[":id"];
    const asViewer = client(viewer.accessToken).movies[":id"];
    const param = { id: movie.id };

    await expectProblemOf(await asViewer.playback.$get({ param, query: {} }), 404);
    const attached = await expectJson(await asAdmin.media.$put({ param, json: { mediaId: item.id } }), 200);
    expect(attached).toMatchObject({ titleType: "movie", titleId: movie.id, mediaId: item.id });

    const playback = await expectJson(await asViewer.playback.$get({ param, query: {} }), 200);
    expect(playback.type).toBe("audio/mpeg");
    // The signed URL is under /stream, outside /api and the typed client.
    const stream = await SELF.fetch(playback.url, { headers: { range: "bytes=0-9" } });
    expect(stream.status).toBe(206);
    expect((await stream.arrayBuffer()).byteLength).toBe(10);

    expect((await asAdmin.media.$delete({ param })).status).toBe(204);
    await expectProblemOf(await asViewer.playback.$get({ param, query: {} }), 404);
    await expectProblemOf(await asAdmin.media.$delete({ param }), 404);
  });

  it("shows on the cached title pages whether a movie or an episode plays, as soon as that changes", async () => {
    const admin = await signInAdmin();
    const asAdmin = client(admin.accessToken);
    const movie = await newMovie();
    const show = await newSeries();
    const season = await newSeason(show.id, { number: 1 });
    const episode = await newEpisode(season.id, { number: 1, title: "Pilot" });
    const movieParam = { param: { id: movie.id } };
    const moviePage = async () => expectJson(await client().movies[":id"].$get(movieParam), 200);
    const seriesPage = async () => expectJson(await client().series[":id"].$get({ param: { id: show.id } }), 200);
    const episodeOnPage = async () => (await seriesPage()).seasons[0].episodes[0];

    // Read twice each so the second answer is the cached one the writes must replace.
    await moviePage();
    expect((await moviePage()).playable).toBe(false);
    await seriesPage();
    expect((await episodeOnPage()).playable).toBe(false);

    const item = await uploaded(admin.accessToken, clip.audio(), "theme.mp3");
    await expectJson(await asAdmin.movies[":id"].media.$put({ ...movieParam, json: { mediaId: item.id } }), 200);
    const episodeParam = { param: { id: episode.id }, json: { mediaId: item.id } };
    await expectJson(await asAdmin.episodes[":id"].media.$put(episodeParam), 200);
    expect((await moviePage()).playable).toBe(true);
    expect((await episodeOnPage()).playable).toBe(true);

    expect((await asAdmin.episodes[":id"].media.$delete({ param: { id: episode.id } })).status).toBe(204);
    expect((await episodeOnPage()).playable).toBe(false);

    // Deleting the media item takes the movie's Play away too (its link goes with it).
    expect((await asAdmin.media[":id"].$delete({ param: { id: item.id } })).status).toBe(204);
    expect((await moviePage()).playable).toBe(false);
  });

  it("needs an admin to attach, and existing titles and media", async () => {
    const admin = await signInAdmin();
    const user = await registerUser();
    const movie = await newMovie();
    const item = await uploaded(user.accessToken, clip.wav(), "a.wav");
    const param = { id: movie.id };
    const json = { mediaId: item.id };
    const asAdmin = client(admin.accessToken);
    const asUser = client(user.accessToken);
    await expectProblemOf(await asUser.movies[":id"].media.$put({ param, json }), 403);
    await expectProblemOf(await asUser.movies[":id"].media.$delete({ param }), 403);
    await expectProblemOf(await client().movies[":id"].media.$put({ param, json }), 401);
    await expectProblemOf(await client().movies[":id"].playback.$get({ param, query: {} }), 401);
    await expectProblemOf(await asAdmin.movies[":id"].media.$put({ param: { id: "no-such-movie" }, json }), 404);
    await expectProblemOf(await asAdmin.episodes[":id"].media.$put({ param: { id: "no-such-episode" }, json }), 404);
    await expectProblemOf(await asAdmin.movies[":id"].media.$put({ param, json: { mediaId: "nope" } }), 404);
    // @ts-expect-error the mediaId is missing on purpose
    await expectProblemOf(await asAdmin.movies[":id"].media.$put({ param, json: {} }), 400);
    await expectProblemOf(await asUser.episodes[":id"].playback.$get({ param: { id: "no-such-episode" }, query: {} }), 404);
  });
});
