import { describe, expect, it } from "vitest";
import { registerUser } from "../../test/api";
import { client, expectJson, expectProblemOf } from "../../test/client";
import { adjust, adminToken, inboxKinds, ledger, loyalty, monthsFrom, newMember, pay, runLoyalty } from "./loyalty.test-helpers";

describe("GET/POST /me/loyalty", () => {
  it("answers a non-member with a zero standing, and joining makes the membership once", async () => {
    const user = await newMember();
    expect(await loyalty(user.accessToken)).toMatchObject({
      member: false,
      balance: 0,
      tier: "bronze",
      nextTier: "silver",
      pointsToNextTier: 1000,
      pointsPerUnit: 10,
      memberSince: null,
    });
    const joined = await expectJson(await client(user.accessToken).me.loyalty.$post(), 201);
    expect(joined).toMatchObject({ member: true, balance: 0, memberSince: expect.any(String) });
    const again = await expectJson(await client(user.accessToken).me.loyalty.$post(), 200);
    expect(again.memberSince).toBe(joined.memberSince);
  });

  it("needs a sign-in", async () => {
    await expectProblemOf(await client().me.loyalty.$get(), 401);
    await expectProblemOf(await client().me.loyalty.ledger.$get({ query: {} }), 401);
  });
});

describe("earning points", () => {
  it("earns once per payment under five concurrent replays of the same charge", async () => {
    const user = await newMember();
    const key = crypto.randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => pay(user.accessToken, 1250, key)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    const standing = await loyalty(user.accessToken);
    expect(standing).toMatchObject({
      member: true,
      balance: 125,
      earnedLast12Months: 125,
      tier: "bronze",
      pointsToNextTier: 875,
    });
    const entries = await ledger(user.accessToken);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: "earn", points: 125, paymentId: expect.any(String), expiresAt: expect.any(String) });
    expect((await inboxKinds(user.accessToken)).filter((n) => n.kind === "points_earned")).toHaveLength(1);
  });

  it("moves the member up a tier and says so once", async () => {
    const user = await newMember();
    await expectJson(await pay(user.accessToken, 6000), 201);
    await expectJson(await pay(user.accessToken, 6000), 201);
    const standing = await loyalty(user.accessToken);
    expect(standing).toMatchObject({
      tier: "silver",
      tierName: "Silver",
      earnedLast12Months: 1200,
      nextTier: "gold",
      pointsToNextTier: 3800,
    });
    const tierNotes = (await inboxKinds(user.accessToken)).filter((n) => n.kind === "tier_changed");
    expect(tierNotes).toHaveLength(1);
    expect(tierNotes[0].payload).toMatchObject({ tier: "silver" });
  });
});

describe("the ledger", () => {
  it("pages newest first with a cursor", async () => {
    const user = await newMember();
    for (const points of [10, 20, 30]) await adjust(user.id, points);
    const api = client(user.accessToken);
    const first = await expectJson(await api.me.loyalty.ledger.$get({ query: { limit: "2" } }), 200);
    expect(first.items.map((e) => e.points)).toEqual([30, 20]);
    const second = await expectJson(
      await api.me.loyalty.ledger.$get({ query: { limit: "2", cursor: first.nextCursor ?? "" } }),
      200,
    );
    expect(second.items.map((e) => e.points)).toEqual([10]);
    expect(second.nextCursor).toBeNull();
    await expectProblemOf(await api.me.loyalty.ledger.$get({ query: { cursor: "nonsense" } }), 400);
  });
});

describe("POST /users/{id}/loyalty/adjustments", () => {
  it("adds and takes points with a reason, and makes the member", async () => {
    const user = await newMember();
    expect(await adjust(user.id, 300, "Lost ticket")).toMatchObject({ kind: "adjust", points: 300, reason: "Lost ticket" });
    await adjust(user.id, -100);
    expect(await loyalty(user.accessToken)).toMatchObject({ member: true, balance: 200, tier: "bronze" });
  });

  it("refuses an unknown user (404), zero points or no reason (400), and non-admins (403)", async () => {
    const admin = client(await adminToken());
    const user = await newMember();
    await expectProblemOf(
      await admin.users[":id"].loyalty.adjustments.$post({ param: { id: "nobody" }, json: { points: 5, reason: "x" } }),
      404,
    );
    await expectProblemOf(
      await admin.users[":id"].loyalty.adjustments.$post({ param: { id: user.id }, json: { points: 0, reason: "x" } }),
      400,
    );
    await expectProblemOf(
      await admin.users[":id"].loyalty.adjustments.$post({ param: { id: user.id }, json: { points: 5, reason: " " } }),
      400,
    );
    const other = await registerUser();
    await expectProblemOf(
      await client(other.accessToken).users[":id"].loyalty.adjustments.$post({
        param: { id: user.id },
        json: { points: 5, reason: "x" },
      }),
      403,
    );
  });
});

describe("expiry", () => {
  it("lapses the unspent part of points 12 months old, oldest first, once however often the cron runs", async () => {
    const user = await newMember();
    await expectJson(await pay(user.accessToken, 1000), 201); // 100 points
    await adjust(user.id, -40, "Spent"); // 60 of the first 100 left
    const standing = await loyalty(user.accessToken);
    expect(standing.expiringNext).toMatchObject({ points: 60 });
    const later = monthsFrom(13);
    await runLoyalty(later);
    await runLoyalty(later);
    const entries = await ledger(user.accessToken);
    expect(entries.filter((e) => e.kind === "expire")).toEqual([expect.objectContaining({ points: -60 })]);
    expect(await loyalty(user.accessToken)).toMatchObject({ balance: 0 });
  });

  it("keeps newer points and upward adjustments when older ones lapse", async () => {
    const user = await newMember();
    await expectJson(await pay(user.accessToken, 1000), 201); // 100 points, lapse in 12 months
    await adjust(user.id, 50, "Welcome gift"); // never lapses
    await runLoyalty(monthsFrom(11));
    expect(await loyalty(user.accessToken)).toMatchObject({ balance: 150 });
    await runLoyalty(monthsFrom(13));
    expect(await loyalty(user.accessToken)).toMatchObject({ balance: 50 });
  });

  it("drops the tier when the points that earned it are over 12 months old, and says so", async () => {
    const user = await newMember();
    await expectJson(await pay(user.accessToken, 10_000), 201); // 1,000 points: Silver
    expect(await loyalty(user.accessToken)).toMatchObject({ tier: "silver" });
    const run = await runLoyalty(monthsFrom(13));
    expect(run.members).toBeGreaterThanOrEqual(1);
    const tiers = (await inboxKinds(user.accessToken)).filter((n) => n.kind === "tier_changed").map((n) => n.payload.tier);
    expect(tiers).toEqual(["bronze", "silver"]);
  });

  it("accepts a fixed now only from an admin", async () => {
    const user = await newMember();
    await expectProblemOf(await client(user.accessToken).loyalty.run.$post({ json: {} }), 403);
  });
});
