import type { Db, WaitUntil } from "../lib/context";
import { ApiError } from "../lib/errors";
import { notify } from "../notifications/notify";
import { balanceCovers, findReward, redeemAtomically } from "./rewards.queries";
import { type Redemption, toRedemption } from "./rewards.schemas";

/**
 * Spends points on a reward: one conditional batch does the check and the writes (see
 * `redeemAtomically`); when it wrote nothing, the reason is read afterwards for the 409.
 */
export async function redeemReward(
  env: Env,
  ctx: WaitUntil,
  db: Db,
  input: { userId: string; rewardId: string; key: string },
): Promise<Redemption> {
  const reward = await findReward(db, input.rewardId);
  if (reward?.status !== "active") throw new ApiError("not_found", "No such reward");
  const redemption = await redeemAtomically(db, input);
  if (!redemption) {
    if (!(await balanceCovers(db, input.userId, reward.costPoints))) {
      throw new ApiError("conflict", `This reward costs ${reward.costPoints} points, more than your balance`, {
        reason: "insufficient_points",
      });
    }
    throw new ApiError("conflict", "This reward is out of stock", { reason: "out_of_stock" });
  }
  await notify(env, ctx, input.userId, "reward_redeemed", {
    redemptionId: redemption.id,
    rewardName: reward.name,
    voucherCode: redemption.voucherCode,
    points: redemption.points,
  });
  return toRedemption(redemption, (await findReward(db, input.rewardId)) ?? reward);
}
