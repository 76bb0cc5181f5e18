// What `npm run db:backup` and `npm run db:restore` share: reaching D1 through wrangler (local
// state or, with `remote`, the production database) and R2 through a small Worker of their own.
//
// A backup is a directory:
//   d1.sql         the database as SQL (wrangler d1 export), then its FTS index and its indexes and
//                  triggers: restored into an empty database with `wrangler d1 execute --file`
//   r2/<key>       every object of the media bucket, one file per key
//   manifest.json  rows per table, and each object's key, size, SHA-256 and HTTP/custom metadata
//
// Why d1.sql is assembled, not exported in one go: `wrangler d1 export` refuses any database with
// a virtual table (D1 and miniflare alike: "cannot export databases with Virtual Tables (fts5)"),
// and catalog search is an FTS5 table. So the export names every ordinary table (schema and rows;
// the FTS index's own shadow tables left out), and the rest of the schema follows from
// sqlite_schema: the virtual table, a 'rebuild' that refills it from search_documents, then the
// indexes and triggers (last, so the triggers do not fire while the rows go in).
//
// R2 has no export command, and a local bucket is reachable only through a Worker binding: the
// backup starts a single-file Worker (startBenchWorker) bound to the same bucket in the same local
// state, which lists, reads and writes objects. With `remote`, its binding is `remote = true`, so
// the same Worker reads and writes the production bucket (wrangler's remote bindings; needs
// `wrangler login`).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort, startBenchWorker } from "./stack.mjs";

const wranglerBin = resolve("node_modules/.bin/wrangler");

/** The D1 and R2 bindings of wrangler.toml: `{ database, databaseId, bucket }`. */
export function bindings() {
  const toml = readFileSync("wrangler.toml", "utf8");
  const d1 = toml.match(/\[\[d1_databases\]\][^[]*/)?.[0] ?? "";
  const r2 = toml.match(/\[\[r2_buckets\]\][^[]*/)?.[0] ?? "";
  const field = (block, name) => block.match(new RegExp(`^${name}\\s*=\\s*"([^"]+)"`, "m"))?.[1];
  const found = {
    database: field(d1, "database_name"),
    databaseId: field(d1, "database_id"),
    bucket: field(r2, "bucket_name"),
    compatibilityDate: toml.match(/^compatibility_date\s*=\s*"([^"]+)"/m)?.[1],
  };
  if (!found.database || !found.databaseId || !found.bucket) throw new Error("wrangler.toml: no D1 database or R2 bucket found");
  return found;
}

/**
 * Where wrangler's d1 commands point: production (`remote`), or the local state in `persistTo`.
 * `wrangler d1 export` has no --persist-to, so a local target is a config of its own (the D1
 * binding only) in a temporary directory whose `.wrangler/state` is `persistTo`: wrangler's
 * default place for local state, relative to the config.
 */
export function d1Target({ remote = false, persistTo = ".wrangler/state" } = {}) {
  if (remote) return { args: ["--remote"], remote: true, cleanup() {} };
  const { database, databaseId, compatibilityDate } = bindings();
  const dir = mkdtempSync(join(tmpdir(), "marquee-backup-config-"));
  mkdirSync(join(dir, ".wrangler"));
  mkdirSync(resolve(persistTo), { recursive: true });
  symlinkSync(resolve(persistTo), join(dir, ".wrangler", "state"));
  writeFileSync(
    join(dir, "wrangler.toml"),
    [
      'name = "marquee"',
      `compatibility_date = "${compatibilityDate}"`,
      "[[d1_databases]]",
      'binding = "DB"',
      `database_name = "${database}"`,
      `database_id = "${databaseId}"`,
      `migrations_dir = "${resolve("migrations")}"`,
      "",
    ].join("\n"),
  );
  return {
    args: ["--local", "--config", join(dir, "wrangler.toml")],
    remote: false,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs wrangler with `args`; answers its stdout, or throws with its output. */
export function wrangler(args) {
  const result = spawnSync(wranglerBin, args, {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
  });
  if (result.status !== 0)
    throw new Error(`wrangler ${args.join(" ")} exited with ${result.status}:\n${result.stderr}\n${result.stdout}`.trim());
  return result.stdout;
}

/** The rows `sql` (statements separated by `;`) answers, all in one, through `wrangler d1 execute --json`. */
export function d1Query(target, sql) {
  const out = wrangler(["d1", "execute", "DB", ...target.args, "--json", "--command", sql]);
  const parsed = JSON.parse(out.slice(out.indexOf("[")));
  return parsed.flatMap((result) => result.results ?? []);
}

const quoteId = (name) => `"${name.replaceAll('"', '""')}"`;

/**
 * The database's schema, split the way the backup needs it: `tables` to export (ordinary tables,
 * sqlite_sequence last; no FTS shadow tables, no D1 internals), `virtual` tables' SQL, and the
 * `indexes` and `triggers` SQL (automatic indexes have none).
 */
export function d1Schema(target) {
  const rows = d1Query(target, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid");
  const virtual = rows.filter((r) => r.type === "table" && /^CREATE VIRTUAL TABLE/i.test(r.sql ?? ""));
  const shadowOf = (name) => virtual.some((v) => name.startsWith(`${v.name}_`));
  const tables = rows
    .filter((r) => r.type === "table" && r.sql && !virtual.includes(r) && !shadowOf(r.name))
    .map((r) => r.name)
    .filter((name) => !name.startsWith("_cf_") && name !== "sqlite_sequence" && !/^sqlite_stat/.test(name));
  if (rows.some((r) => r.name === "sqlite_sequence")) tables.push("sqlite_sequence");
  return {
    tables,
    virtual: virtual.map((r) => ({ name: r.name, sql: r.sql })),
    indexes: rows.filter((r) => r.type === "index" && r.sql && !shadowOf(r.tbl_name)).map((r) => r.sql),
    triggers: rows.filter((r) => r.type === "trigger" && r.sql).map((r) => r.sql),
  };
}

/** Rows per table (one query for all of them). */
export function d1Counts(target, tables) {
  const counted = tables.filter((t) => t !== "sqlite_sequence");
  if (counted.length === 0) return {};
  // One row of scalar subqueries per 20 tables (SQLite caps compound SELECTs, D1 tightly), all in one call.
  const statements = [];
  for (let i = 0; i < counted.length; i += 20)
    statements.push(
      `SELECT ${counted
        .slice(i, i + 20)
        .map((t) => `(SELECT count(*) FROM ${quoteId(t)}) AS ${quoteId(t)}`)
        .join(", ")}`,
    );
  const counts = Object.assign({}, ...d1Query(target, statements.join("; ")));
  return Object.fromEntries(counted.map((t) => [t, Number(counts[t])]));
}

/**
 * Exports `schema.tables` to `file`: every table's definition first, then every row (a table that
 * a migration rebuilt sits after the tables whose foreign keys name it, and a row inserted before
 * its parent table exists fails), then the virtual tables (rebuilt), indexes and triggers.
 */
export function d1Export(target, schema, file) {
  const part = (flag) => {
    const partFile = `${file}.${flag}`;
    wrangler([
      "d1",
      "export",
      "DB",
      ...target.args,
      "--output",
      partFile,
      "--skip-confirmation",
      `--${flag}`,
      ...schema.tables.flatMap((t) => ["--table", t]),
    ]);
    const text = readFileSync(partFile, "utf8").trimEnd();
    rmSync(partFile);
    return text;
  };
  const tables = part("no-data");
  const rows = part("no-schema").replace(/^PRAGMA defer_foreign_keys=TRUE;\n?/, "");
  const tail = [
    "",
    "-- Added by scripts/db-backup.mjs: what `wrangler d1 export` cannot write (see scripts/backup-lib.mjs).",
    ...schema.virtual.flatMap(({ name, sql }) => [
      `${sql};`,
      `INSERT INTO ${quoteId(name)}(${quoteId(name)}) VALUES('rebuild');`,
    ]),
    ...schema.indexes.map((sql) => `${sql};`),
    ...schema.triggers.map((sql) => `${sql};`),
    "",
  ];
  writeFileSync(file, `${tables}\n${rows}\n${tail.join("\n")}`);
}

export const sha256 = (data) => createHash("sha256").update(data).digest("hex");

/**
 * Where object `key` lives under a backup's r2/ folder: each path segment URI-encoded (so no key
 * can climb out of the folder), and "", "." and ".." spelled as escapes no encoder produces.
 */
export function objectFile(key) {
  const segments = key
    .split("/")
    .map((s) => (s === "" ? "%" : s === "." ? "%2E" : s === ".." ? "%2E%2E" : encodeURIComponent(s)));
  return join("r2", ...segments);
}

// The R2 Worker. Lists with metadata, streams an object out, and writes one in (buffered: R2's
// put needs a known length, and a request body streamed from Node has none).
const R2_WORKER = `
const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/health") return json({ status: "ok" });
    if (url.pathname === "/list") {
      const page = await env.MEDIA.list({ cursor: url.searchParams.get("cursor") || undefined, limit: 1000, include: ["httpMetadata", "customMetadata"] });
      return json({
        objects: page.objects.map((o) => ({ key: o.key, size: o.size, httpMetadata: o.httpMetadata ?? {}, customMetadata: o.customMetadata ?? {} })),
        cursor: page.truncated ? page.cursor : null,
      });
    }
    const key = url.searchParams.get("key");
    if (url.pathname !== "/object" || key === null) return json({ error: "not found" }, 404);
    if (request.method === "GET") {
      const object = await env.MEDIA.get(key);
      return object ? new Response(object.body, { headers: { "content-length": String(object.size) } }) : json({ error: "no such key" }, 404);
    }
    if (request.method === "PUT") {
      const meta = JSON.parse(request.headers.get("x-backup-meta") || "{}");
      const httpMetadata = { ...(meta.httpMetadata || {}) };
      if (httpMetadata.cacheExpiry) httpMetadata.cacheExpiry = new Date(httpMetadata.cacheExpiry);
      await env.MEDIA.put(key, await request.arrayBuffer(), { httpMetadata, customMetadata: meta.customMetadata || {} });
      return json({ ok: true }, 201);
    }
    return json({ error: "method not allowed" }, 405);
  },
};
`;

/**
 * The media bucket through a Worker of its own on loopback: `list()`, `get(key)` (a Buffer),
 * `put(key, body, meta)`, `stop()`. Local: bound to the bucket in `persistTo`; `remote`: the
 * production bucket.
 */
export async function openBucket({ remote = false, persistTo = ".wrangler/state" } = {}) {
  const { bucket } = bindings();
  const dir = mkdtempSync(join(tmpdir(), "marquee-backup-r2-"));
  const worker = await startBenchWorker({
    dir,
    name: "marquee-backup-r2",
    source: R2_WORKER,
    config: `[[r2_buckets]]\nbinding = "MEDIA"\nbucket_name = "${bucket}"\n${remote ? "remote = true\n" : ""}`,
    port: await freePort(),
    persistTo: resolve(persistTo),
  }).catch((err) => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  const base = worker.baseUrl;
  const check = async (res, what) => {
    if (!res.ok) throw new Error(`${what} answered ${res.status}: ${await res.text()}`);
    return res;
  };
  return {
    async list() {
      const objects = [];
      let cursor = null;
      do {
        const url = `${base}/list${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`;
        const page = await (await check(await fetch(url), "listing the bucket")).json();
        objects.push(...page.objects);
        cursor = page.cursor;
      } while (cursor);
      return objects;
    },
    async get(key) {
      const res = await check(await fetch(`${base}/object?key=${encodeURIComponent(key)}`), `reading ${key}`);
      return Buffer.from(await res.arrayBuffer());
    },
    async put(key, body, meta) {
      await check(
        await fetch(`${base}/object?key=${encodeURIComponent(key)}`, {
          method: "PUT",
          headers: { "x-backup-meta": JSON.stringify(meta) },
          body,
        }),
        `writing ${key}`,
      );
    },
    async stop() {
      await worker.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` on up to `limit` items at a time. */
export async function eachLimit(items, limit, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** `--name value` and `--flag` arguments: `{ name: value, flag: true }`. */
export function parseArgs(argv, { flags = [], options = [] }) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, "");
    if (flags.includes(name)) out[name] = true;
    else if (options.includes(name) && i + 1 < argv.length) out[name] = argv[++i];
    else
      throw new Error(
        `unknown argument ${argv[i]}; flags: ${flags.map((f) => `--${f}`).join(" ")}; options: ${options.map((o) => `--${o} <value>`).join(" ")}`,
      );
  }
  return out;
}
