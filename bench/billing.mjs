// `npm run bench:billing`: 10,000 subscriptions fall due at once and one scheduled billing run
// (POST /api/billing/run, the cron's own step) renews them all, on loopback in workerd with a real D1.
// The subscribers, their saved cards and their subscriptions are written straight into the local
// D1 (`wrangler d1 execute --local`): making 10,000 accounts through the API would time sign-up,
// not billing. Everything the run does — claiming, charging, invoicing, points, notifications —
// goes through the Worker. Then it checks, in D1: one successful payment and one invoice per
// subscription, and invoice numbers with no gap and no repeat.
// Prints renewals/s, how long until every renewal's notifications (subscription_renewed and
// points_earned, delivered through the `notifications` queue) were in the inbox, and the floor: a bare
// D1 batch of the same number of payment inserts, timed in the same process against the same D1.
// Against a running stack: MARQUEE_STACK_URL and MARQUEE_STACK_PERSIST (its --persist-to dir).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { assertPortsFree, devVars, startStack } from "../scripts/stack.mjs";

const COUNT = Number(process.env.BENCH_SUBSCRIPTIONS ?? 10_000);
const port = Number(process.env.BENCH_PORT ?? 8813);
const wrangler = join("node_modules", ".bin", "wrangler");
const run = Date.now().toString(36);

function d1(persistTo, args) {
  const persist = persistTo ? ["--persist-to", persistTo] : [];
  const result = spawnSync(wrangler, ["d1", "execute", "DB", "--local", ...persist, ...args], {
    encoding: "utf8",
    env: { ...process.env, CI: "true" },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`wrangler d1 execute failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

/** The Worker (the notifications consumer) may be writing the same SQLite file: try again. */
function retryBusy(fn, tries = 10) {
  try {
    return fn();
  } catch (err) {
    if (tries <= 1 || !String(err.message).includes("SQLITE_BUSY")) throw err;
    return retryBusy(fn, tries - 1);
  }
}

function query(persistTo, sql) {
  return retryBusy(() => JSON.parse(d1(persistTo, ["--json", "--command", sql]))[0].results);
}

async function call(baseUrl, method, path, { token, body } = {}, retried = false) {
  let res;
  try {
    res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    // A kept-alive socket the server closed while D1 was being seeded: once more, on a new one
    // (every call here is safe to repeat; a billing run above all).
    if (retried || err.cause?.code !== "UND_ERR_SOCKET") throw err;
    return call(baseUrl, method, path, { token, body }, true);
  }
  const text = await res.text();
  // wrangler dev reloads when a source file changes under it: send the request again.
  if (res.status === 503 && text.includes("restarted mid-request") && !retried) {
    return call(baseUrl, method, path, { token, body }, true);
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = { text };
  }
  return { status: res.status, body: json };
}

const q = (s) => `'${String(s).replaceAll("'", "''")}'`;

/** The floor: COUNT payment rows like the run's, inserted by D1 alone (no Worker, no provider, no follow-ups). */
function floorSql(planId) {
  const now = new Date().toISOString();
  const lines = [];
  for (let from = 0; from < COUNT; from += 100) {
    const rows = [];
    for (let i = from; i < Math.min(COUNT, from + 100); i++) {
      const id = `bench${run}u${String(i).padStart(6, "0")}`;
      rows.push(
        `(${q(`${id}floor`)}, ${q(id)}, ${q(`floor:${planId}:${i}`)}, 999, 'usd', 'Floor', 'succeeded', 'visa', '4242', ${q(now)}, ${q(now)})`,
      );
    }
    lines.push(
      `INSERT INTO payments (id, user_id, idempotency_key, amount_cents, currency, description, status, card_brand, card_last4, created_at, updated_at) VALUES ${rows.join(",")};`,
    );
  }
  lines.push(`DELETE FROM payments WHERE idempotency_key LIKE ${q(`floor:${planId}:%`)};`);
  return lines.join("\n");
}

function timed(fn) {
  const t = performance.now();
  fn();
  return (performance.now() - t) / 1000;
}

/** Users, cards and subscriptions due an hour ago, in chunks a single statement can hold. */
function seedSql(planId) {
  const due = new Date(Date.now() - 3_600_000);
  const start = new Date(due);
  start.setUTCMonth(start.getUTCMonth() - 1);
  const now = new Date().toISOString();
  const lines = [];
  const CHUNK = 250;
  for (let from = 0; from < COUNT; from += CHUNK) {
    const users = [];
    const cards = [];
    const subs = [];
    for (let i = from; i < Math.min(COUNT, from + CHUNK); i++) {
      const id = `bench${run}u${String(i).padStart(6, "0")}`;
      users.push(`(${q(id)}, ${q(`${id}@bench.test`)}, ${q(id)}, 'Bench Subscriber', NULL, 'user', ${q(now)}, ${q(now)})`);
      cards.push(`(${q(`${id}pm`)}, ${q(id)}, 'visa', '4242', 12, 2099, ${q(`pm_sim_ok_bench${i}`)}, 1, ${q(now)})`);
      subs.push(
        `(${q(`${id}s`)}, ${q(id)}, ${q(planId)}, 'active', ${q(`${id}pm`)}, ${q(start.toISOString())}, ${q(due.toISOString())}, ${q(now)}, ${q(now)})`,
      );
    }
    lines.push(
      `INSERT INTO users (id, email, username, name, password_hash, role, created_at, updated_at) VALUES ${users.join(",")};`,
      `INSERT INTO payment_methods (id, user_id, brand, last4, exp_month, exp_year, provider_token, is_default, created_at) VALUES ${cards.join(",")};`,
      `INSERT INTO subscriptions (id, user_id, plan_id, status, payment_method_id, current_period_start, current_period_end, created_at, updated_at) VALUES ${subs.join(",")};`,
    );
  }
  return lines.join("\n");
}

async function bench(baseUrl, persistTo, dir) {
  const vars = devVars();
  const admin = await call(baseUrl, "POST", "/api/auth/login", {
    body: { email: vars.ADMIN_EMAIL, password: vars.ADMIN_PASSWORD },
  });
  if (admin.status !== 200) throw new Error(`admin sign-in failed: ${JSON.stringify(admin.body)}`);
  const token = admin.body.accessToken;
  const plan = await call(baseUrl, "POST", "/api/plans", {
    token,
    body: { name: `Bench ${run}`, price: 999, currency: "usd", interval: "month" },
  });
  if (plan.status !== 201) throw new Error(`plan: ${JSON.stringify(plan.body)}`);

  const file = join(dir, "seed.sql");
  writeFileSync(file, seedSql(plan.body.id));
  const seeding = Date.now();
  d1(persistTo, ["--file", file]);
  console.log(`seeded ${COUNT} due subscriptions in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);

  // The floor, timed before the run while nothing else writes the database (afterwards the
  // notifications consumer does), minus what starting wrangler costs (a statement that does nothing).
  const floorFile = join(dir, "floor.sql");
  writeFileSync(floorFile, floorSql(plan.body.id));
  const startup = timed(() => query(persistTo, "SELECT 1"));
  const floorSeconds = Math.max(0.001, timed(() => retryBusy(() => d1(persistTo, ["--file", floorFile]))) - startup);

  // wrangler dev restarts the Worker when a source file changes under it (a shared working tree):
  // a run cut short is run again, as the next cron tick would, and the figures cover every attempt.
  const started = performance.now();
  const summary = { renewed: 0, failed: 0, retried: 0, unpaid: 0, ended: 0, downgraded: 0 };
  let restarts = 0;
  for (;;) {
    const result = await call(baseUrl, "POST", "/api/billing/run", { token, body: {} });
    if (result.status === 503 && String(result.body.text).includes("restarted") && restarts < 10) {
      restarts++;
      continue;
    }
    if (result.status !== 200) throw new Error(`billing run: ${result.status} ${JSON.stringify(result.body)}`);
    for (const k of Object.keys(summary)) summary[k] += result.body[k];
    break;
  }
  const seconds = (performance.now() - started) / 1000;

  // The run queued its notifications: wait for the consumer to put them all in the inbox.
  const expected = 2 * COUNT;
  let notified = { n: 0, renewed: 0, renewedUsers: 0 };
  const deadline = Date.now() + Number(process.env.BENCH_NOTIFY_TIMEOUT_S ?? 1800) * 1000;
  for (;;) {
    [notified] = query(
      persistTo,
      `SELECT count(*) AS n, sum(kind = 'subscription_renewed') AS renewed, count(DISTINCT CASE WHEN kind = 'subscription_renewed' THEN user_id END) AS renewedUsers FROM notifications WHERE user_id LIKE 'bench${run}u%' AND kind IN ('subscription_renewed', 'points_earned')`,
    );
    if (notified.n >= expected || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  const notifiedSeconds = (performance.now() - started) / 1000;

  const [renewedRows] = query(
    persistTo,
    `SELECT count(*) AS n FROM payments p WHERE p.subscription_id LIKE 'bench${run}u%' AND p.status = 'succeeded'`,
  );
  summary.renewed = renewedRows.n;
  const mine = `s.id LIKE 'bench${run}u%'`;
  const [payments] = query(
    persistTo,
    `SELECT count(*) AS payments, count(DISTINCT p.subscription_id) AS subscriptions, sum(p.status = 'succeeded') AS succeeded FROM payments p JOIN subscriptions s ON s.id = p.subscription_id WHERE ${mine}`,
  );
  const [invoices] = query(
    persistTo,
    `SELECT count(*) AS invoices, count(DISTINCT i.payment_id) AS paid FROM invoices i JOIN payments p ON p.id = i.payment_id JOIN subscriptions s ON s.id = p.subscription_id WHERE ${mine} AND i.series = 'INV'`,
  );
  const years = query(
    persistTo,
    "SELECT year, count(*) AS n, count(DISTINCT sequence) AS distinct_n, min(sequence) AS lo, max(sequence) AS hi FROM invoices WHERE series = 'INV' GROUP BY year",
  );
  const [active] = query(
    persistTo,
    `SELECT count(*) AS n FROM subscriptions s WHERE ${mine} AND s.status = 'active' AND s.current_period_end > '${new Date().toISOString()}'`,
  );
  return {
    seconds,
    notifiedSeconds,
    notified,
    expected,
    floorSeconds,
    restarts,
    summary,
    payments,
    invoices,
    years,
    active: active.n,
  };
}

let stack;
let persistTo = process.env.MARQUEE_STACK_PERSIST;
let baseUrl = process.env.MARQUEE_STACK_URL;
const dir = mkdtempSync(join(tmpdir(), "marquee-bench-billing-"));
try {
  if (!baseUrl) {
    await assertPortsFree(port);
    persistTo = join(dir, "stack");
    stack = await startStack({ port, persistTo, quiet: process.env.BENCH_VERBOSE !== "1" });
    baseUrl = stack.baseUrl;
  }
  const r = await bench(baseUrl, persistTo, dir);
  const gaps = r.years.filter((y) => y.n !== y.distinct_n || y.hi - y.lo + 1 !== y.n);
  console.log(
    `\nmarquee bench:billing — ${COUNT} due subscriptions, one billing run, ${cpus().length} cores, workerd on loopback (noisy shared machine)\n`,
  );
  console.log(
    `run summary           ${JSON.stringify(r.summary)}${r.restarts ? ` (Worker restarted ${r.restarts}× by file changes; runs repeated)` : ""}`,
  );
  console.log(
    `renewals/s            ${(r.summary.renewed / r.seconds).toFixed(0)}  (${r.summary.renewed} in ${r.seconds.toFixed(1)} s)`,
  );
  const rate = r.summary.renewed / r.seconds;
  const floorRate = COUNT / r.floorSeconds;
  console.log(
    `floor                 ${floorRate.toFixed(0)} payment inserts/s  (${COUNT} in ${r.floorSeconds.toFixed(2)} s, bare D1 batch); run / floor = ${(rate / floorRate).toFixed(3)} (floor is ${(floorRate / rate).toFixed(1)}× faster)`,
  );
  console.log(
    `notifications         ${r.notified.n} / ${r.expected} in the inbox ${r.notifiedSeconds.toFixed(1)} s after the run started; subscription_renewed ${r.notified.renewed} for ${r.notified.renewedUsers} users (at least once: ${r.notified.renewedUsers === COUNT ? "yes" : "NO"})`,
  );
  console.log(`renewed to next period ${r.active} / ${COUNT}`);
  console.log(
    `payments              ${r.payments.payments} for ${r.payments.subscriptions} subscriptions, ${r.payments.succeeded} succeeded (one each: ${r.payments.payments === COUNT && r.payments.subscriptions === COUNT ? "yes" : "NO"})`,
  );
  console.log(
    `invoices              ${r.invoices.invoices} for ${r.invoices.paid} payments (one each: ${r.invoices.invoices === COUNT && r.invoices.paid === COUNT ? "yes" : "NO"})`,
  );
  console.log(
    `INV numbers           ${r.years.map((y) => `${y.year}: ${y.lo}..${y.hi}, ${y.n} issued`).join("; ")} (gapless and unique: ${gaps.length === 0 ? "yes" : "NO"})`,
  );
  if (
    r.notified.renewedUsers !== COUNT ||
    r.payments.payments !== COUNT ||
    r.invoices.invoices !== COUNT ||
    gaps.length > 0 ||
    r.active !== COUNT
  )
    process.exitCode = 1;
} finally {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
}
