import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { Problem, Skeleton } from "../../components/Problem";
import { when } from "../../lib/format";
import { ConfirmDialog } from "../moderation/ConfirmDialog";
import { useRole } from "../staff-role";
import { EnableAccount } from "./EnableAccount";
import { type Account, disableAccount, fetchAccount, type Role, roleLabels, roleOptions, setRole, userKeys } from "./queries";
import { UserActivity } from "./UserActivity";

/** Role select and "Change role"; the API's refusal (the last admin) is shown right under it. */
function RoleForm({ account, isMe }: { account: Account; isMe: boolean }) {
  const queryClient = useQueryClient();
  const id = useId();
  const [role, setChosen] = useState<Role>(account.role);
  const [said, setSaid] = useState("");
  // A change made elsewhere (or this one landing) resets the choice to what the account has now.
  useEffect(() => setChosen(account.role), [account.role]);
  const change = useMutation({
    mutationFn: (next: Role) => setRole(account.id, next),
    onMutate: () => setSaid(""),
    onSuccess: (updated) => {
      queryClient.setQueryData(userKeys.one(account.id), updated);
      setSaid(`${updated.name} is now ${roleLabels[updated.role].toLowerCase()}.`);
      void queryClient.invalidateQueries({ queryKey: userKeys.all });
      if (isMe) void queryClient.invalidateQueries({ queryKey: ["me"] });
    },
  });
  const disabled = account.deletedAt !== null;
  return (
    <section aria-labelledby={`${id}-h`} className="panel staff-panel user-panel">
      <h2 id={`${id}-h`}>Role</h2>
      <form
        className="role-form"
        onSubmit={(event) => {
          event.preventDefault();
          change.mutate(role);
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select
            id={`${id}-role`}
            value={role}
            disabled={disabled}
            aria-describedby={change.isError ? `${id}-error` : `${id}-hint`}
            onChange={(event) => {
              change.reset();
              setChosen(event.target.value as Role);
            }}
          >
            {roleOptions.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <small id={`${id}-hint`} className="hint">
            {disabled
              ? "Enable the account to change its role."
              : isMe
                ? "This is your own role: without admin you lose the Users, Catalog and other admin sections."
                : "Admins run the whole console; moderators moderate comments and check tickets in."}
          </small>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={disabled || change.isPending || role === account.role}>
            {change.isPending ? "Changing…" : "Change role"}
          </button>
        </div>
      </form>
      {change.isError && (
        <div id={`${id}-error`}>
          <Problem error={change.error} />
        </div>
      )}
      <p role="status">{said}</p>
    </section>
  );
}

/** "Disable account" behind a confirmation; a disabled account gets "Enable account" instead. */
function Access({ account, isMe }: { account: Account; isMe: boolean }) {
  const queryClient = useQueryClient();
  const id = useId();
  const [asking, setAsking] = useState(false);
  const [said, setSaid] = useState("");
  // The button pressed is replaced by its opposite (Disable ↔ Enable): the focus moves to it instead of to the page.
  const [moveFocus, setMoveFocus] = useState(false);
  const disableButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (moveFocus && !account.deletedAt) disableButton.current?.focus();
  }, [moveFocus, account.deletedAt]);
  const disable = useMutation({
    mutationFn: () => disableAccount(account.id),
    onSuccess: async () => {
      setAsking(false);
      setMoveFocus(true);
      setSaid(`Disabled ${account.name}'s account: they are signed out everywhere.`);
      await queryClient.invalidateQueries({ queryKey: userKeys.all });
    },
  });
  return (
    <section aria-labelledby={`${id}-h`} className="panel staff-panel user-panel">
      <h2 id={`${id}-h`}>Access</h2>
      {account.deletedAt ? (
        <>
          <p>
            Disabled since <time dateTime={account.deletedAt}>{when(account.deletedAt)}</time>: this account cannot sign in.
          </p>
          <EnableAccount
            account={account}
            focus={moveFocus}
            onDone={(message) => {
              setSaid(message);
              if (message) setMoveFocus(true);
            }}
          />
        </>
      ) : (
        <>
          <p>
            {isMe
              ? "This is your own account: disabling it signs you out here and everywhere else."
              : `${account.name} can sign in. Disabling the account ends every session; it can be enabled again.`}
          </p>
          <div className="actions">
            <button
              ref={disableButton}
              type="button"
              className="danger"
              onClick={() => {
                disable.reset();
                setAsking(true);
              }}
            >
              Disable account
            </button>
          </div>
        </>
      )}
      <p role="status">{said}</p>
      <ConfirmDialog
        open={asking}
        title={`Disable ${account.name}?`}
        confirmLabel="Disable account"
        busy={disable.isPending}
        error={disable.isError ? disable.error : undefined}
        onCancel={() => setAsking(false)}
        onConfirm={() => disable.mutate()}
      >
        <p>
          {account.name} can no longer sign in; their sessions end.
          {isMe && " That includes you, on this device too."}
        </p>
      </ConfirmDialog>
    </section>
  );
}

/** `/staff/users/:id`: an account's details, its role, whether it may sign in, and its tickets, payments and reviews. */
export function UserPage() {
  const id = useParams().id ?? "";
  const me = useRole();
  const account = useQuery({ queryKey: userKeys.one(id), queryFn: () => fetchAccount(id) });
  const back = (
    <p>
      <Link to="/staff/users">← All accounts</Link>
    </p>
  );
  if (account.isPending)
    return (
      <>
        {back}
        <Skeleton rows={6} label="Loading the account" />
      </>
    );
  if (account.isError)
    return (
      <>
        {back}
        <h1>Account</h1>
        <Problem error={account.error} onRetry={() => void account.refetch()} />
      </>
    );
  const user = account.data;
  const isMe = user.id === me.data?.id;
  return (
    <div className="user-page">
      {back}
      <h1>
        {user.name}
        {isMe && <span className="tag">you</span>}
        {user.deletedAt && <span className="tag disabled">disabled</span>}
      </h1>
      {isMe && <p className="notice">This is your own account.</p>}
      <dl className="user-details">
        <dt>Username</dt>
        <dd>{user.username}</dd>
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Role</dt>
        <dd>{roleLabels[user.role]}</dd>
        <dt>Signs in with</dt>
        <dd>{[user.hasPassword && "a password", user.googleLinked && "Google"].filter(Boolean).join(" or ") || "nothing yet"}</dd>
        <dt>Joined</dt>
        <dd>
          <time dateTime={user.createdAt}>{when(user.createdAt)}</time>
        </dd>
        <dt>Last changed</dt>
        <dd>
          <time dateTime={user.updatedAt}>{when(user.updatedAt)}</time>
        </dd>
        <dt>Status</dt>
        <dd>{user.deletedAt ? "Disabled" : "Active"}</dd>
      </dl>
      <RoleForm account={user} isMe={isMe} />
      <Access account={user} isMe={isMe} />
      <UserActivity userId={user.id} />
    </div>
  );
}
