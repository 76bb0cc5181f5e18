import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, signInAdmin } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { newMovie } from "../catalog/catalog.fixtures";
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

    await expectProblemOf(await asViewer.playback.$get({ param }), 404);
    const attached = await expectJson(await asAdmin.media.$put({ param, json: { mediaId: item.id } }), 200);
    expect(attached).toMatchObject({ titleType: "movie", titleId: movie.id, mediaId: item.id });

    const playback = await expectJson(await asViewer.playback.$get({ param }), 200);
    expect(playback.type).toBe("audio/mpeg");
    // The signed URL is under /stream, outside /api and the typed client.
    const stream = await SELF.fetch(playback.url, { headers: { range: "bytes=0-9" } });
    expect(stream.status).toBe(206);
    expect((await stream.arrayBuffer()).byteLength).toBe(10);

    expect((await asAdmin.media.$delete({ param })).status).toBe(204);
    await expectProblemOf(await asViewer.playback.$get({ param }), 404);
    await expectProblemOf(await asAdmin.media.$delete({ param }), 404);
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
    await expectProblemOf(await client().movies[":id"].playback.$get({ param }), 401);
    await expectProblemOf(await asAdmin.movies[":id"].media.$put({ param: { id: "no-such-movie" }, json }), 404);
    await expectProblemOf(await asAdmin.episodes[":id"].media.$put({ param: { id: "no-such-episode" }, json }), 404);
    await expectProblemOf(await asAdmin.movies[":id"].media.$put({ param, json: { mediaId: "nope" } }), 404);
    // @ts-expect-error the mediaId is missing on purpose
    await expectProblemOf(await asAdmin.movies[":id"].media.$put({ param, json: {} }), 400);
    await expectProblemOf(await asUser.episodes[":id"].playback.$get({ param: { id: "no-such-episode" } }), 404);
  });
});
