import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, signInAdmin } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { newId } from "../lib/ids";
import { clip, uploaded } from "./media.test-helpers";

type JobsQuery = NonNullable<Parameters<ReturnType<typeof client>["jobs"]["$get"]>[0]>["query"];
const allJobs = (token: string | undefined, query: JobsQuery = {}) => client(token).jobs.$get({ query });
const retry = (token: string | undefined, id: string) => client(token).jobs[":id"].retry.$post({ param: { id } });

/** A job row in a given state (its id a growing one, as the API's are), written straight to D1 (the transcoder is not what these tests are about). */
async function jobIn(mediaId: string, status: "queued" | "processing" | "done" | "failed", target = "mp3", error?: string) {
  const id = newId();
  const now = new Date().toISOString();
  await env.DB.prepare(
    "INSERT INTO media_jobs (id, media_id, target, status, progress, error, outputs, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, '[]', ?, ?)",
  )
    .bind(id, mediaId, target, status, error ?? null, now, now)
    .run();
  return id;
}

// Many requests per test on a shared, busy machine: allow more than the default 5 s.
describe("jobs across accounts", { timeout: 60_000 }, () => {
  it("lists every account's jobs for admins, newest first, with item, owner and failure reason", async () => {
    const admin = (await signInAdmin()).accessToken;
    const owner = await registerUser();
    const item = await uploaded(owner.accessToken, clip.audio(), "tone.mp3", { title: "Morning tone" });
    const failed = await jobIn(item.id, "failed", "mp3", "The input could not be decoded");
    const running = await jobIn(item.id, "processing", "mp3");

    const page = await expectJson(await allJobs(admin, { limit: "100" }), 200);
    const ids = page.items.map((j) => j.id);
    expect(ids.indexOf(running)).toBeLessThan(ids.indexOf(failed));
    const username = (await expectJson(await client(owner.accessToken).me.$get(), 200)).username;
    expect(page.items.find((j) => j.id === failed)?.owner.username).toBe(username);
    expect(page.items.find((j) => j.id === failed)).toMatchObject({
      mediaId: item.id,
      target: "mp3",
      status: "failed",
      error: "The input could not be decoded",
      media: { id: item.id, title: "Morning tone" },
      owner: { id: owner.id, username: expect.any(String) },
    });

    const onlyFailed = await expectJson(await allJobs(admin, { status: "failed", limit: "100" }), 200);
    expect(onlyFailed.items.every((j) => j.status === "failed")).toBe(true);
    expect(onlyFailed.items.map((j) => j.id)).toContain(failed);
    const onlyRunning = await expectJson(await allJobs(admin, { status: "running", limit: "100" }), 200);
    expect(onlyRunning.items.map((j) => j.status)).not.toContain("failed");
    expect(onlyRunning.items.map((j) => j.id)).toContain(running);

    const first = await expectJson(await allJobs(admin, { limit: "1" }), 200);
    expect(first.items).toHaveLength(1);
    const next = await expectJson(await allJobs(admin, { limit: "1", cursor: first.nextCursor ?? "" }), 200);
    expect(next.items[0].id < first.items[0].id).toBe(true);
  });

  it("keeps the list to admins and validates the filter", async () => {
    const admin = (await signInAdmin()).accessToken;
    await expectProblemOf(await allJobs((await registerUser()).accessToken), 403);
    await expectProblemOf(await allJobs(undefined), 401);
    const bad = await client(admin).jobs.$get({ query: { status: "stuck" as "failed" } });
    await expectProblemOf(bad, 400);
    await expectProblemOf(await allJobs(admin, { cursor: "not-a-cursor" }), 400);
  });

  it("retries a failed job as a new queued one, for its owner or an admin", async () => {
    const admin = (await signInAdmin()).accessToken;
    const owner = await registerUser();
    const item = await uploaded(owner.accessToken, clip.audio(), "tone.mp3");
    const failed = await jobIn(item.id, "failed", "mp3", "Gave up after 5 attempts");
    const res = await retry(owner.accessToken, failed);
    const job = await expectJson(res, 202);
    expect(job).toMatchObject({ mediaId: item.id, target: "mp3", status: "queued", progress: 0 });
    expect(job.id).not.toBe(failed);
    expect(res.headers.get("location")).toBe(`/api/jobs/${job.id}`);

    // The item now has a live MP3 job: retrying the old failure again would convert twice.
    const twice = await expectProblemOf(await retry(owner.accessToken, failed), 409);
    expect(twice.detail).toContain("already has a MP3 conversion");

    const other = await uploaded(owner.accessToken, clip.audio(), "other.mp3");
    const byAdmin = await expectJson(await retry(admin, await jobIn(other.id, "failed")), 202);
    expect(byAdmin.mediaId).toBe(other.id);
  });

  it("refuses a job that did not fail, others' jobs, and unknown ones", async () => {
    const owner = await registerUser();
    const item = await uploaded(owner.accessToken, clip.audio(), "tone.mp3");
    for (const status of ["queued", "processing", "done"] as const) {
      const refused = await expectProblemOf(await retry(owner.accessToken, await jobIn(item.id, status)), 409);
      expect(refused.detail).toBe(`Only a failed job can be retried; this one is ${status}`);
    }
    const failed = await jobIn(item.id, "failed", "mp4");
    await expectProblemOf(await retry((await registerUser()).accessToken, failed), 404);
    await expectProblemOf(await retry(undefined, failed), 401);
    await expectProblemOf(await retry(owner.accessToken, "no-such-job"), 404);
    // Shared with someone: they may watch it, not convert it.
    const reader = await registerUser();
    const share = { param: { id: item.id }, json: { email: reader.email } };
    expect((await client(owner.accessToken).media[":id"].shares.$post(share)).status).toBe(201);
    await expectProblemOf(await retry(reader.accessToken, failed), 403);
    const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM media_jobs WHERE media_id = ? AND target = 'mp4'")
      .bind(item.id)
      .first<{ n: number }>();
    expect(row?.n).toBe(1);
  });
});
