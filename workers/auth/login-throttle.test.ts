import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registerUser, unique } from "../../test/api";
import { client as apiClient, expectJson, expectProblemOf } from "../../test/client";
import { clientKey } from "../lib/client-address";
import { database } from "../lib/db";
import { purgeOldFailures } from "./login-throttle";

// The rules' numbers, written out here so a change to them has to change a test too.
const PAIR_FREE = 5;
const CLIENT_FREE = 20;
const DAY = 24 * 60 * 60_000;
const HOUR = 60 * 60_000;

const signIn = (identifier: string, password: string, ip: string) =>
  apiClient().auth.login.$post({ json: { identifier, password } }, { headers: { "cf-connecting-ip": ip } });

// Each test gets fresh storage, but distinct addresses keep one test's failures out of another's budget.
let hosts = 0;
const nextIp = () => `198.51.${100 + Math.floor(hosts / 250)}.${(hosts++ % 250) + 1}`;

async function failTimes(n: number, identifier: string, ip: string) {
  for (let i = 0; i < n; i++) await expectProblemOf(await signIn(identifier, "wrong-password", ip), 401);
}

/** Moves a client's failures `ms` into the past, as if that much time had gone by. */
async function rewind(ip: string, ms: number) {
  await env.DB.prepare("UPDATE login_failures SET at = at - ? WHERE client = ?").bind(ms, clientKey(ip)).run();
}

async function expectWait(res: Awaited<ReturnType<typeof signIn>>, seconds: number) {
  const problem = await expectProblemOf(res, 429);
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(seconds - 5);
  expect(retryAfter).toBeLessThanOrEqual(seconds);
  expect(problem.retryAfterSeconds).toBe(retryAfter);
  return problem;
}

describe("login throttle: per account and client", () => {
  it("six failures on one account from 127.0.0.1 do not stop another account signing in from there", async () => {
    const target = await registerUser();
    const neighbour = await registerUser();
    await failTimes(6, target.email, "127.0.0.1");
    await expectWait(await signIn(target.email, target.password, "127.0.0.1"), 30);
    const res = await expectJson(await signIn(neighbour.email, neighbour.password, "127.0.0.1"), 200);
    expect(res.user.id).toBe(neighbour.id);
  });

  it("lets the owner in from another client right after someone else's failures", async () => {
    const owner = await registerUser();
    const attacker = nextIp();
    await failTimes(PAIR_FREE + 1, owner.email, attacker);
    // The attacker's address waits even with the right password...
    await expectWait(await signIn(owner.email, owner.password, attacker), 30);
    // ...the owner elsewhere does not.
    const res = await expectJson(await signIn(owner.email, owner.password, nextIp()), 200);
    expect(res.user.id).toBe(owner.id);
  });

  it("answers 429 with Retry-After after five free failures, and doubles the wait with each further one", async () => {
    const user = await registerUser();
    const ip = nextIp();
    await failTimes(PAIR_FREE, user.email, ip);
    await failTimes(1, user.email, ip);
    const first = await expectWait(await signIn(user.email, user.password, ip), 30);
    expect(first.detail).toMatch(
      /^Too many failed sign-in attempts for this account from your network\. Try again in \d+ seconds\.$/,
    );
    await rewind(ip, 30_000);
    await failTimes(1, user.email, ip);
    await expectWait(await signIn(user.email, "wrong-password", ip), 60);
    await rewind(ip, 60_000);
    await failTimes(1, user.email, ip);
    const third = await expectWait(await signIn(user.email, "wrong-password", ip), 120);
    expect(third.detail).toMatch(/Try again in 2 minutes\.$/);
    // Refused attempts were not counted: after the wait one more guess is allowed, then 240 s.
    await rewind(ip, 120_000);
    await failTimes(1, user.email, ip);
    await expectWait(await signIn(user.email, "wrong-password", ip), 240);
  });

  it("holds under concurrent guesses: a burst gets the five free failures and one more, no others", async () => {
    const user = await registerUser();
    const ip = nextIp();
    const burst = await Promise.all(Array.from({ length: 12 }, () => signIn(user.email, "wrong-password", ip)));
    const statuses = burst.map((res) => res.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(PAIR_FREE + 1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12 - PAIR_FREE - 1);
    // The refused ones were not counted: the next wait is the first one, 30 s.
    await expectWait(await signIn(user.email, user.password, ip), 30);
  });

  it("caps the wait at 15 minutes", async () => {
    const user = await registerUser();
    const ip = nextIp();
    await failTimes(PAIR_FREE + 1, user.email, ip);
    // Sixteen earlier failures, fifteen minutes apart, as if each wait had been sat out.
    const owner = await env.DB.prepare("SELECT account FROM login_failures WHERE client = ? LIMIT 1")
      .bind(clientKey(ip))
      .first<{ account: string }>();
    for (let i = 1; i <= 16; i++) {
      await env.DB.prepare("INSERT INTO login_failures (account, client, at) VALUES (?, ?, ?)")
        .bind(owner?.account, clientKey(ip), Date.now() - i * 15 * 60_000)
        .run();
    }
    await expectWait(await signIn(user.email, user.password, ip), 900);
  });

  it("counts the email and the username of one account together", async () => {
    const username = unique("both");
    const user = await registerUser({ username });
    const ip = nextIp();
    await failTimes(3, user.email, ip);
    await failTimes(3, username, ip);
    await expectWait(await signIn(username, user.password, ip), 30);
    await expectWait(await signIn(user.email, user.password, ip), 30);
  });

  it("clears a pair's failures on success", async () => {
    const user = await registerUser();
    const ip = nextIp();
    await failTimes(PAIR_FREE, user.email, ip);
    expect((await signIn(user.email, user.password, ip)).status).toBe(200);
    // Without the clearing the second of these would already wait.
    await failTimes(PAIR_FREE, user.email, ip);
    expect((await signIn(user.email, user.password, ip)).status).toBe(200);
  });

  it("remembers a pair's failures for 24 hours", async () => {
    const user = await registerUser();
    const ip = nextIp();
    await failTimes(PAIR_FREE + 1, user.email, ip);
    await expectProblemOf(await signIn(user.email, user.password, ip), 429);
    // A day less a minute later the six still count: the next failure means a 60 s wait.
    await rewind(ip, DAY - 60_000);
    await failTimes(1, user.email, ip);
    await expectWait(await signIn(user.email, user.password, ip), 60);
    // Past the day they are forgotten: five free failures again.
    await rewind(ip, DAY);
    await failTimes(PAIR_FREE, user.email, ip);
    expect((await signIn(user.email, user.password, ip)).status).toBe(200);
  });

  it("treats an IPv6 /64 as one client", async () => {
    const user = await registerUser();
    await failTimes(PAIR_FREE + 1, user.email, "2001:db8:7:1::1");
    await expectWait(await signIn(user.email, user.password, "2001:DB8:7:1:ffff:ffff:ffff:ffff"), 30);
    expect((await signIn(user.email, user.password, "2001:db8:7:2::1")).status).toBe(200);
  });
});

describe("login throttle: per client across accounts", () => {
  it("slows an address that fails across many accounts, and only that address", async () => {
    const victim = await registerUser();
    const sprayer = nextIp();
    for (let i = 0; i <= CLIENT_FREE; i++) await failTimes(1, `${unique("spray")}@example.com`, sprayer);
    const refused = await expectWait(await signIn(victim.email, victim.password, sprayer), 30);
    expect(refused.detail).toMatch(/^Too many failed sign-in attempts from your network\. Try again in \d+ seconds\.$/);
    expect((await signIn(victim.email, victim.password, nextIp())).status).toBe(200);
    // The wait grows with the next failure too.
    await rewind(sprayer, 30_000);
    await failTimes(1, `${unique("spray")}@example.com`, sprayer);
    await expectWait(await signIn(victim.email, victim.password, sprayer), 60);
  });

  it("counts an address's failures over the last hour only", async () => {
    const office = nextIp();
    for (let i = 0; i <= CLIENT_FREE; i++) await failTimes(1, unique("typo"), office);
    await rewind(office, HOUR);
    // One more failure now: with the hour's 21 still counted this would make the address wait.
    await failTimes(1, unique("typo"), office);
    const colleague = await registerUser();
    expect((await signIn(colleague.email, colleague.password, office)).status).toBe(200);
  });
});

describe("login throttle: distributed guessing on one account", () => {
  it("takes the free failures from clients failing on an account under attack, never from the owner", async () => {
    const owner = await registerUser();
    const bots = [nextIp(), nextIp(), nextIp(), nextIp()];
    for (const bot of bots) await failTimes(PAIR_FREE, owner.email, bot);
    const late = nextIp();
    await failTimes(1, owner.email, late);
    // One failure of its own is enough to wait now (it would get four more on a quiet account).
    await expectWait(await signIn(owner.email, "wrong-password", late), 30);
    await expectWait(await signIn(owner.email, "wrong-password", bots[0]), 480);
    await expectJson(await signIn(owner.email, owner.password, nextIp()), 200);
  });
});

describe("purgeOldFailures (cron)", () => {
  it("deletes failures older than 24 hours and keeps the rest", async () => {
    const now = Date.now();
    const client = clientKey(nextIp());
    const insert = env.DB.prepare("INSERT INTO login_failures (account, client, at) VALUES ('name:x', ?, ?)");
    await env.DB.batch([insert.bind(client, now - DAY - 1000), insert.bind(client, now - 2 * HOUR)]);
    await purgeOldFailures(database(env.DB), now);
    const left = await env.DB.prepare("SELECT at FROM login_failures WHERE client = ?").bind(client).all<{ at: number }>();
    expect(left.results.map((r) => r.at)).toEqual([now - 2 * HOUR]);
  });
});

describe("clientKey", () => {
  it("keys IPv4 by address, IPv6 by /64 and a missing address as unknown", () => {
    expect(clientKey("203.0.113.9")).toBe("203.0.113.9");
    expect(clientKey("2001:0db8:0001:0002:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(clientKey("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(clientKey(null)).toBe("unknown");
  });
});
