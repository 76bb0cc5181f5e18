import { maybeAuth } from "../lib/auth";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { idempotent } from "../lib/idempotency";
import { decodeCursor, page } from "../lib/pagination";
import { redeemReward } from "./redemption";
import * as queries from "./rewards.queries";
import * as routes from "./rewards.routes";
import { type Redemption, toRedemption, toReward } from "./rewards.schemas";

const NOT_FOUND = "No such reward";

export const rewardsRouter = createRouter()
  .openapi(routes.listRewards, async (c) => {
    const { include } = c.req.valid("query");
    if (include === "archived" && maybeAuth(c)?.role !== "admin") {
      throw new ApiError("forbidden", "Only an admin sees archived rewards");
    }
    const rows = await queries.listRewards(c.get("db"), include === "archived");
    return c.json({ items: rows.map(toReward) }, 200);
  })
  .openapi(routes.createReward, async (c) => {
    const input = c.req.valid("json");
    const row = await queries.insertReward(c.get("db"), {
      name: input.name,
      description: input.description ?? "",
      kind: input.kind,
      costPoints: input.cost,
      stock: input.stock ?? null,
      discountPercent: input.discountPercent ?? null,
    });
    return c.json(toReward(row), 201, { location: `/api/rewards/${row.id}` });
  })
  .openapi(routes.updateReward, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    const { cost, ...changes } = c.req.valid("json");
    const current = await queries.findReward(db, id);
    if (!current) throw new ApiError("not_found", NOT_FOUND);
    const discountPercent = changes.discountPercent === undefined ? current.discountPercent : changes.discountPercent;
    if ((current.kind === "discount_code") !== (discountPercent !== null)) {
      throw new ApiError("bad_request", "A discount_code needs discountPercent; other kinds take none");
    }
    const row = await queries.updateReward(db, id, { ...changes, ...(cost === undefined ? {} : { costPoints: cost }) });
    return c.json(toReward(row), 200);
  })
  .openapi(routes.archiveReward, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    if (!(await queries.findReward(db, id))) throw new ApiError("not_found", NOT_FOUND);
    await queries.updateReward(db, id, { status: "archived" });
    return c.body(null, 204);
  })
  .openapi(routes.redeemReward, async (c) => {
    const db = c.get("db");
    const { userId } = c.get("auth");
    const rewardId = c.req.valid("param").id;
    const key = c.req.valid("header")["idempotency-key"];
    const result = await idempotent<Redemption>(db, { userId, key: `redeem:${key}`, request: { rewardId } }, async () => ({
      status: 201,
      body: await redeemReward(c.env, c.executionCtx, db, { userId, rewardId, key }),
    }));
    if (result.replayed) c.header("idempotent-replayed", "true");
    return c.json(result.body, 201, { location: `/api/me/rewards` });
  })
  .openapi(routes.listMyRewards, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor);
    const rows = await queries.listUserRedemptions(
      c.get("db"),
      c.get("auth").userId,
      limit,
      after ? [String(after[0]), String(after[1])] : undefined,
    );
    return c.json(
      page(
        rows,
        limit,
        (r) => [r.redemption.createdAt, r.redemption.id],
        (r) => toRedemption(r.redemption, r.reward),
      ),
      200,
    );
  });
