// `npm run db:restore -- --from DIR`: restores a backup made by db:backup into an empty database
// and bucket, after checking every file against the manifest's SHA-256; then reads everything
// back (rows per table, each object's checksum) and fails on any difference. Local by default
// (.wrangler/state, or --persist-to DIR; --wipe deletes the D1 and R2 state there first, stack
// stopped); --remote restores into the production database and bucket, which must be empty (a
// new database bound in wrangler.toml: see docs/operations.md, "Backups and recovery").
//
//   npm run db:restore -- --from DIR [--persist-to DIR] [--wipe] [--remote]
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { d1Counts, d1Query, d1Target, eachLimit, openBucket, parseArgs, sha256, wrangler } from "./backup-lib.mjs";

/** The backup's manifest, once every file in it matches its checksum; throws on the first that does not. */
export function verifyBackup(from) {
  const manifest = JSON.parse(readFileSync(join(from, "manifest.json"), "utf8"));
  if (manifest.format !== 1) throw new Error(`unknown backup format ${manifest.format}`);
  const bad = [];
  const d1 = readFileSync(join(from, manifest.d1.file));
  if (sha256(d1) !== manifest.d1.sha256) bad.push(manifest.d1.file);
  for (const object of manifest.r2.objects) {
    const file = join(from, object.file);
    if (!existsSync(file) || sha256(readFileSync(file)) !== object.sha256) bad.push(object.file);
  }
  if (bad.length)
    throw new Error(
      `the backup in ${from} is damaged: ${bad.length} file(s) differ from the manifest (${bad.slice(0, 5).join(", ")})`,
    );
  return manifest;
}

/**
 * Restores the backup in `from`; answers `{ tables, objects }` as read back. `wipe` (local only)
 * deletes the D1 and R2 state in `persistTo` first.
 */
export async function restore({ from, persistTo = ".wrangler/state", remote = false, wipe = false, log = () => {} }) {
  from = resolve(from);
  const manifest = verifyBackup(from);
  log(`backup of ${manifest.createdAt}: checksums match (d1.sql and ${manifest.r2.count} objects)`);
  if (wipe) {
    if (remote) throw new Error("--wipe is for local state only; restore production into a new, empty database");
    for (const part of ["d1", "r2"]) rmSync(join(resolve(persistTo), "v3", part), { recursive: true, force: true });
    log(`wiped D1 and R2 state in ${resolve(persistTo)}`);
  }
  const target = d1Target({ remote, persistTo });
  const opening = openBucket({ remote, persistTo });
  opening.catch(() => {}); // awaited below
  let tables;
  try {
    const present = d1Query(
      target,
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    );
    if (present.length > 0)
      throw new Error(
        `the target database is not empty (${present.length} tables)${remote ? "" : "; stop the stack and pass --wipe to replace it"}`,
      );
    log("D1: executing d1.sql");
    wrangler(["d1", "execute", "DB", ...target.args, "--yes", "--file", join(from, manifest.d1.file)]);
    tables = d1Counts(target, Object.keys(manifest.d1.tables));
  } catch (err) {
    await opening.then(
      (b) => b.stop(),
      () => {},
    );
    throw err;
  } finally {
    target.cleanup();
  }
  const differ = Object.entries(manifest.d1.tables).filter(([t, n]) => tables[t] !== n);
  const bucket = await opening;
  const objects = {};
  try {
    const existing = await bucket.list();
    if (existing.length > 0) throw new Error(`the target bucket is not empty (${existing.length} objects)`);
    log(`R2: writing ${manifest.r2.count} objects`);
    await eachLimit(manifest.r2.objects, 4, async (object) => {
      await bucket.put(object.key, readFileSync(join(from, object.file)), {
        httpMetadata: object.httpMetadata,
        customMetadata: object.customMetadata,
      });
    });
    // Read back, not assumed: every object is listed and hashed again.
    const listed = await bucket.list();
    await eachLimit(listed, 4, async ({ key }) => {
      objects[key] = sha256(await bucket.get(key));
    });
  } finally {
    await bucket.stop();
  }
  const missing = manifest.r2.objects.filter((o) => objects[o.key] !== o.sha256).map((o) => o.key);
  if (differ.length || missing.length)
    throw new Error(
      `restored, but it differs from the backup: ${differ.map(([t, n]) => `${t} has ${tables[t]} rows, not ${n}`).join("; ")}${missing.length ? ` ${missing.length} objects missing or different (${missing.slice(0, 5).join(", ")})` : ""}`,
    );
  return { tables, objects };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const args = parseArgs(process.argv.slice(2), { flags: ["remote", "wipe"], options: ["from", "persist-to"] });
    if (!args.from) throw new Error("--from DIR (a directory db:backup wrote) is required");
    const { tables, objects } = await restore({
      from: args.from,
      persistTo: args["persist-to"],
      remote: args.remote,
      wipe: args.wipe,
      log: (line) => console.log(line),
    });
    const rows = Object.values(tables).reduce((a, b) => a + b, 0);
    console.log(
      `Restored ${Object.keys(tables).length} tables (${rows} rows) and ${Object.keys(objects).length} objects; every count and checksum matches the manifest`,
    );
  } catch (err) {
    console.error(`db:restore failed: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
