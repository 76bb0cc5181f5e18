import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { api } from "../../api/client";
import { ok } from "../../api/problem";
import { Problem } from "../../components/Problem";
import { type Account, userKeys } from "./queries";

/** Re-enables a disabled account; the API refuses (409) when its email or username was taken since. */
export function EnableAccount({
  account,
  focus,
  onDone,
}: {
  account: Account;
  /** Take the focus on arrival (it replaces the "Disable account" button that was pressed). */
  focus: boolean;
  onDone: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focus) button.current?.focus();
  }, [focus]);
  const enable = useMutation({
    mutationFn: () => ok(api.users[":id"].restore.$post({ param: { id: account.id } })),
    onMutate: () => onDone(""),
    onSuccess: async (restored) => {
      queryClient.setQueryData(userKeys.one(account.id), restored);
      onDone(`Enabled ${account.name}'s account: they can sign in again.`);
      await queryClient.invalidateQueries({ queryKey: userKeys.all });
    },
  });
  return (
    <>
      <div className="actions">
        <button ref={button} type="button" className="primary" onClick={() => enable.mutate()} disabled={enable.isPending}>
          {enable.isPending ? "Enabling…" : "Enable account"}
        </button>
      </div>
      {enable.isError && <Problem error={enable.error} />}
    </>
  );
}
