import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { ApiError } from "../api/problem";
import { Problem, Skeleton } from "../components/Problem";
import { fetchRewards, loyaltyKeys, points, type Redemption, type Reward, redeemReward, rewardKinds } from "./queries";

/** Why a reward cannot be redeemed now, or undefined when it can. */
function blockedBy(reward: Reward, balance: number, member: boolean) {
  if (reward.stock !== null && reward.stock <= 0) return "Out of stock";
  if (!member) return "Join the programme to redeem rewards";
  if (balance < reward.cost) return `You need ${points(reward.cost - balance)} more points`;
  return undefined;
}

/** One reward: what it is, its cost and stock, and Redeem behind a confirmation. */
function RewardCard({
  reward,
  balance,
  member,
  onRedeemed,
}: {
  reward: Reward;
  balance: number;
  member: boolean;
  onRedeemed: (redemption: Redemption) => void;
}) {
  const queryClient = useQueryClient();
  const id = useId();
  // One Idempotency-Key per attempt: made when the person asks to redeem, kept through retries of that attempt.
  const [attemptKey, setAttemptKey] = useState<string | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const redeemButton = useRef<HTMLButtonElement>(null);
  const redeem = useMutation({
    mutationFn: (key: string) => redeemReward(reward.id, key),
    onSuccess: (redemption) => {
      setAttemptKey(null);
      onRedeemed(redemption);
      void queryClient.invalidateQueries({ queryKey: loyaltyKeys.all });
      void queryClient.invalidateQueries({ queryKey: loyaltyKeys.rewards });
    },
    onError: (error) => {
      // A definite refusal (not enough points, out of stock) ends the attempt; what changed is read again.
      if (error instanceof ApiError && error.status === 409) {
        setAttemptKey(null);
        void queryClient.invalidateQueries({ queryKey: loyaltyKeys.all });
        void queryClient.invalidateQueries({ queryKey: loyaltyKeys.rewards });
      }
    },
  });
  useEffect(() => {
    if (attemptKey) confirmButton.current?.focus();
  }, [attemptKey]);
  const blocked = blockedBy(reward, balance, member);
  const stop = () => {
    setAttemptKey(null);
    redeem.reset();
    redeemButton.current?.focus();
  };
  return (
    <li className="loyalty-card reward" aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`}>{reward.name}</h3>
      <p className="hint">
        {rewardKinds[reward.kind] ?? reward.kind}
        {reward.discountPercent !== null && ` · ${reward.discountPercent} % off`}
      </p>
      {reward.description && <p>{reward.description}</p>}
      <p className="reward-cost">
        <strong>{points(reward.cost)} points</strong>
        <span className="hint">{reward.stock === null ? "" : ` · ${points(reward.stock)} left`}</span>
      </p>
      {attemptKey ? (
        <div className="reward-confirm">
          <p>
            Spend {points(reward.cost)} of your {points(balance)} points on {reward.name}?
          </p>
          <div className="actions">
            <button
              ref={confirmButton}
              type="button"
              className="primary"
              onClick={() => redeem.mutate(attemptKey)}
              disabled={redeem.isPending}
            >
              {redeem.isPending ? "Redeeming…" : `Spend ${points(reward.cost)} points`}
            </button>
            <button type="button" onClick={stop} disabled={redeem.isPending}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button
            ref={redeemButton}
            type="button"
            onClick={() => {
              redeem.reset();
              setAttemptKey(crypto.randomUUID());
            }}
            disabled={blocked !== undefined}
            aria-describedby={blocked ? `${id}-why` : undefined}
          >
            Redeem
          </button>
        </div>
      )}
      {blocked && !attemptKey && (
        <p id={`${id}-why`} className="hint">
          {blocked}
        </p>
      )}
      {redeem.isError && <Problem error={redeem.error} />}
    </li>
  );
}

/** The rewards on offer; the voucher just issued is shown above them. */
export function Rewards({ balance, member }: { balance: number; member: boolean }) {
  const id = useId();
  const rewards = useQuery({ queryKey: loyaltyKeys.rewards, queryFn: fetchRewards });
  const [issued, setIssued] = useState<Redemption | null>(null);
  const items = rewards.data?.items ?? [];
  return (
    <section className="loyalty-rewards" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Rewards</h2>
      <div role="status">
        {issued && (
          <div className="notice voucher-issued">
            <p>
              {issued.reward.name}: your voucher code is <code className="voucher-code">{issued.voucherCode}</code>
            </p>
            <p className="hint">
              {issued.reward.kind === "free_ticket" || issued.reward.kind === "discount_code"
                ? "Enter it at checkout under “Voucher code”. It is also under My vouchers."
                : "Show it at the counter. It is also under My vouchers."}
            </p>
          </div>
        )}
      </div>
      {rewards.isPending && <Skeleton rows={3} label="Loading the rewards" />}
      {rewards.isError && <Problem error={rewards.error} onRetry={() => void rewards.refetch()} />}
      {rewards.isSuccess && items.length === 0 && <p>No rewards are on offer right now.</p>}
      {items.length > 0 && (
        <ul className="reward-list">
          {items.map((reward) => (
            <RewardCard key={reward.id} reward={reward} balance={balance} member={member} onRedeemed={setIssued} />
          ))}
        </ul>
      )}
    </section>
  );
}
