import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { signOutLocally } from "../api/session";
import { Problem, Skeleton } from "../components/Problem";
import { when } from "../lib/format";
import { deviceName } from "./device-name";

const sessionsKey = ["me", "sessions"];

/** "Signed in on these devices": each live session, this one marked; any can be signed out. */
export function Devices() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const sessions = useQuery({ queryKey: sessionsKey, queryFn: () => ok(api.me.sessions.$get()) });
  const revoke = useMutation({
    mutationFn: ({ id }: { id: string; current: boolean }) => ok(api.me.sessions[":id"].$delete({ param: { id } })),
    onSuccess: (_, { current }) => {
      if (current) {
        // This device's own session is gone: signed out here too.
        signOutLocally();
        queryClient.clear();
        navigate("/sign-in", { replace: true });
        return;
      }
      return queryClient.invalidateQueries({ queryKey: sessionsKey });
    },
  });
  return (
    <section aria-labelledby="devices" className="account-section">
      <h2 id="devices">Signed in on these devices</h2>
      {sessions.isPending && <Skeleton rows={2} label="Loading your devices" />}
      {sessions.isError && <Problem error={sessions.error} onRetry={() => sessions.refetch()} />}
      {revoke.isError && <Problem error={revoke.error} />}
      {sessions.data && (
        <ul className="devices" aria-label="Devices">
          {sessions.data.items.map((session) => {
            const name = deviceName(session.userAgent);
            return (
              <li key={session.id} className="device">
                <div>
                  <strong>{name}</strong>
                  {session.current && <span className="tag">This device</span>}
                  <p className="hint">
                    Last used {when(session.lastUsedAt)}
                    {session.ip && ` from ${session.ip}`} · signed in {when(session.createdAt)}
                  </p>
                </div>
                <button
                  type="button"
                  className={session.current ? "danger" : undefined}
                  disabled={revoke.isPending && revoke.variables?.id === session.id}
                  aria-label={
                    session.current ? "Sign out this device" : `Sign out ${name}, last used ${when(session.lastUsedAt)}`
                  }
                  onClick={() => revoke.mutate({ id: session.id, current: session.current })}
                >
                  Sign out
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
