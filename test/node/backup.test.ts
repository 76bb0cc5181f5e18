// db:backup and db:restore on a stack of their own (its own port and state, not the shared one):
// seed it as `npm start` does, back it up, delete the whole state directory, restore into a fresh
// one, and find every row and every media object again; then start the stack on the restored
// state and check through the API that people can sign in, browse and search, and that a poster
// (an R2 object) comes back byte for byte.
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backup } from "../../scripts/db-backup.mjs";
import { restore, verifyBackup } from "../../scripts/db-restore.mjs";
import { demoUsers, seed } from "../../scripts/seed.mjs";
import { ensureDevVars, freePort, type Stack, startStack } from "../../scripts/stack.mjs";

type Json = Record<string, unknown> & { items?: { id: string; title: string }[] };

async function get(base: string, path: string, token?: string) {
  const res = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as Json };
}

async function signIn(base: string, identifier: string, password: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ identifier, password }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** What a viewer sees: the movie titles (ids, in order), and one poster's bytes (an R2 object served by the Worker). */
async function browse(base: string, token: string) {
  const movies = await get(base, "/api/movies?limit=100&sort=title", token);
  expect(movies.status).toBe(200);
  const items = (movies.body.items ?? []) as { id: string; title: string; posterUrl: string | null }[];
  const withPoster = items.find((m) => m.posterUrl);
  expect(withPoster, "the seed gave no movie a poster").toBeDefined();
  const poster = await fetch(new URL(String(withPoster?.posterUrl), base));
  expect(poster.status).toBe(200);
  return { ids: items.map((m) => m.id), movie: withPoster, posterSha: sha(new Uint8Array(await poster.arrayBuffer())) };
}

let persistTo: string;
let backupDir: string;
let stack: Stack | undefined;
let before: Awaited<ReturnType<typeof browse>>;

beforeAll(async () => {
  ensureDevVars();
  persistTo = await mkdtemp(join(tmpdir(), "marquee-backup-state-"));
  backupDir = await mkdtemp(join(tmpdir(), "marquee-backup-"));
  stack = await startStack({ port: await freePort(), persistTo, quiet: true });
  // As npm start seeds: users, catalog with posters (R2), cinema and tickets, billing, and the demo
  // media when the transcoder can make it (its HLS objects are then in the backup too).
  await seed(stack.baseUrl);
  before = await browse(stack.baseUrl, await signIn(stack.baseUrl, demoUsers[0].username, demoUsers[0].password));
  // A consistent local backup is taken with the stack stopped (docs/operations.md).
  await stack.stop();
  stack = undefined;
}, 900_000);

afterAll(async () => {
  await stack?.stop();
  await rm(persistTo, { recursive: true, force: true });
  await rm(backupDir, { recursive: true, force: true });
}, 60_000);

describe("db:backup and db:restore", () => {
  it("restores every row and every media object into fresh state, and the stack serves them", { timeout: 900_000 }, async () => {
    const out = join(backupDir, "backup");
    const manifest = await backup({ out, persistTo });
    expect(manifest.d1.tables.users).toBeGreaterThanOrEqual(demoUsers.length);
    expect(manifest.d1.tables.movies).toBe(before.ids.length);
    expect(manifest.r2.count).toBeGreaterThan(0);
    // What the manifest says is what the files hold.
    for (const object of manifest.r2.objects.slice(0, 20))
      expect(sha(await readFile(join(out, object.file)))).toBe(object.sha256);

    // The state is gone: D1, R2, KV and Durable Objects alike.
    await rm(persistTo, { recursive: true, force: true });

    const restored = await restore({ from: out, persistTo });
    expect(restored.tables).toEqual(manifest.d1.tables);
    expect(restored.objects).toEqual(Object.fromEntries(manifest.r2.objects.map((o) => [o.key, o.sha256])));

    // A second backup of the restored state agrees with the first, metadata included.
    const again = await backup({ out: join(backupDir, "again"), persistTo });
    expect(again.d1.tables).toEqual(manifest.d1.tables);
    const shape = (m: typeof manifest) =>
      m.r2.objects.map(({ key, size, sha256, httpMetadata, customMetadata }) => ({
        key,
        size,
        sha256,
        httpMetadata,
        customMetadata,
      }));
    expect(shape(again)).toEqual(shape(manifest));

    // The stack on the restored state: nothing left to migrate, and a viewer signs in (password
    // hashes restored), browses the same titles with the same poster bytes, and finds a title by
    // search (the FTS index was rebuilt).
    stack = await startStack({ port: await freePort(), persistTo, quiet: true });
    const token = await signIn(stack.baseUrl, demoUsers[0].username, demoUsers[0].password);
    const after = await browse(stack.baseUrl, token);
    expect(after.ids).toEqual(before.ids);
    expect(after.posterSha).toBe(before.posterSha);
    const search = await get(stack.baseUrl, `/api/search?q=${encodeURIComponent(before.movie?.title ?? "")}`, token);
    expect(search.status).toBe(200);
    expect(JSON.stringify(search.body)).toContain(before.movie?.id);
  });

  it("refuses a backup whose files no longer match the manifest", { timeout: 60_000 }, async () => {
    const out = join(backupDir, "backup");
    const manifest = verifyBackup(out);
    const victim = join(out, manifest.r2.objects[0].file);
    await writeFile(victim, "not the object that was backed up");
    expect(() => verifyBackup(out)).toThrow(/damaged: 1 file/);
  });
});
