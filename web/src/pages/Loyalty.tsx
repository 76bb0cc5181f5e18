import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Problem, Skeleton } from "../components/Problem";
import { Ledger } from "../loyalty/Ledger";
import { fetchLoyalty, joinLoyalty, loyaltyKeys } from "../loyalty/queries";
import { Rewards } from "../loyalty/Rewards";
import { Standing } from "../loyalty/Standing";
import { Vouchers } from "../loyalty/Vouchers";
import "../loyalty/loyalty.css";

/** An account that has not joined yet: what the programme gives, and Join. */
function JoinPanel() {
  const queryClient = useQueryClient();
  const join = useMutation({
    mutationFn: joinLoyalty,
    onSuccess: (loyalty) => {
      queryClient.setQueryData(loyaltyKeys.me, loyalty);
      void queryClient.invalidateQueries({ queryKey: loyaltyKeys.all });
    },
  });
  return (
    <section className="loyalty-card loyalty-join" aria-labelledby="loyalty-join">
      <h2 id="loyalty-join">Join Marquee Rewards</h2>
      <p>
        Earn points on every ticket and subscription, spend them on free tickets and snacks. Silver members hold seats longer;
        Gold members get 10 % off tickets.
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => join.mutate()} disabled={join.isPending}>
          {join.isPending ? "Joining…" : "Join for free"}
        </button>
      </div>
      {join.isError && <Problem error={join.error} />}
      <p className="hint">Your first purchase makes you a member too.</p>
    </section>
  );
}

/** `/loyalty`: points, tier and progress, the ledger, rewards to redeem and the vouchers they gave. */
export default function LoyaltyPage() {
  const loyalty = useQuery({ queryKey: loyaltyKeys.me, queryFn: fetchLoyalty });
  return (
    <main id="main" className="page loyalty-page">
      <h1>Loyalty</h1>
      {loyalty.isPending && <Skeleton rows={5} label="Loading your points" />}
      {loyalty.isError && <Problem error={loyalty.error} onRetry={() => void loyalty.refetch()} />}
      {loyalty.data &&
        (loyalty.data.member ? (
          <>
            <Standing loyalty={loyalty.data} />
            <Rewards balance={loyalty.data.balance} member />
            <Vouchers />
            <Ledger />
          </>
        ) : (
          <>
            <JoinPanel />
            <Rewards balance={0} member={false} />
          </>
        ))}
    </main>
  );
}
