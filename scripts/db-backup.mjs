// `npm run db:backup`: backs up the D1 database and the media bucket into a directory (d1.sql,
// r2/<key>, manifest.json; see scripts/backup-lib.mjs). Local by default (npm start's state in
// .wrangler/state, or --persist-to DIR); --remote backs up production (needs `wrangler login`).
// For a consistent local backup, stop the stack first: the backup reads the state while it runs.
//
//   npm run db:backup -- [--out DIR] [--persist-to DIR] [--remote]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import {
  bindings,
  d1Counts,
  d1Export,
  d1Schema,
  d1Target,
  eachLimit,
  objectFile,
  openBucket,
  parseArgs,
  sha256,
} from "./backup-lib.mjs";

/**
 * Writes a backup of D1 and R2 into `out` (created; must be empty) and answers its manifest.
 * `log(line)` hears of each step.
 */
export async function backup({ out, persistTo = ".wrangler/state", remote = false, log = () => {} }) {
  out = resolve(out);
  mkdirSync(out, { recursive: true });
  if (readdirSync(out).length > 0) throw new Error(`${out} is not empty; a backup goes into a new directory`);
  const { database, bucket } = bindings();
  const target = d1Target({ remote, persistTo });
  // Started first: wrangler dev takes a while to come up, and the D1 export runs meanwhile.
  const opening = openBucket({ remote, persistTo });
  opening.catch(() => {}); // awaited below
  let d1;
  try {
    log(`D1 ${database} (${remote ? "remote" : `local, ${resolve(persistTo)}`}): schema`);
    const schema = d1Schema(target);
    log(`D1: exporting ${schema.tables.length} tables`);
    const file = join(out, "d1.sql");
    d1Export(target, schema, file);
    log("D1: counting rows");
    const tables = d1Counts(target, schema.tables);
    d1 = { file: "d1.sql", bytes: readFileSync(file).length, sha256: sha256(readFileSync(file)), tables };
  } catch (err) {
    await opening.then(
      (b) => b.stop(),
      () => {},
    );
    throw err;
  } finally {
    target.cleanup();
  }
  const bucketApi = await opening;
  const objects = [];
  try {
    const listed = await bucketApi.list();
    log(`R2 ${bucket}: ${listed.length} objects`);
    const files = new Set();
    await eachLimit(listed, 4, async (object) => {
      const body = await bucketApi.get(object.key);
      if (body.length !== object.size) throw new Error(`${object.key}: read ${body.length} bytes, listed ${object.size}`);
      const file = objectFile(object.key);
      if (files.has(file) || [...files].some((f) => f.startsWith(`${file}/`) || file.startsWith(`${f}/`)))
        throw new Error(`${object.key}: its file ${file} collides with another key's`);
      files.add(file);
      mkdirSync(dirname(join(out, file)), { recursive: true });
      writeFileSync(join(out, file), body);
      objects.push({
        key: object.key,
        file,
        size: object.size,
        sha256: sha256(body),
        httpMetadata: object.httpMetadata,
        customMetadata: object.customMetadata,
      });
    });
  } finally {
    await bucketApi.stop();
  }
  objects.sort((a, b) => (a.key < b.key ? -1 : 1));
  const manifest = {
    format: 1,
    createdAt: new Date().toISOString(),
    source: remote ? { remote: true, database, bucket } : { remote: false, database, bucket, persistTo: resolve(persistTo) },
    d1,
    r2: { bucket, count: objects.length, bytes: objects.reduce((n, o) => n + o.size, 0), objects },
  };
  writeFileSync(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const args = parseArgs(process.argv.slice(2), { flags: ["remote"], options: ["out", "persist-to"] });
    const out = args.out ?? join(".wrangler", "backups", new Date().toISOString().replace(/[:.]/g, "-"));
    const manifest = await backup({ out, persistTo: args["persist-to"], remote: args.remote, log: (line) => console.log(line) });
    const rows = Object.values(manifest.d1.tables).reduce((a, b) => a + b, 0);
    console.log(
      `Backed up ${Object.keys(manifest.d1.tables).length} tables (${rows} rows) and ${manifest.r2.count} objects (${(manifest.r2.bytes / 1048576).toFixed(1)} MiB) into ${resolve(out)}`,
    );
  } catch (err) {
    console.error(`db:backup failed: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
