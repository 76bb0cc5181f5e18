import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { api } from "../api/client";
import { ApiError, ok } from "../api/problem";
import { Field, fieldError } from "../components/Field";
import { Problem, Skeleton } from "../components/Problem";
import { when } from "../lib/format";
import { fetchPlayback, keys, type Media } from "./queries";

const USERNAME = /^[a-z0-9_.]{3,30}$/;

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Share with one person, found by their exact username (the API reveals no one else). */
function ShareWithPerson({ media }: { media: Media }) {
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState("");
  const username = useDebounced(typed.trim().toLowerCase(), 300);
  const lookup = useQuery({
    queryKey: ["users", "lookup", username],
    queryFn: () => ok(api.users.lookup.$get({ query: { username } })),
    enabled: USERNAME.test(username),
    retry: false,
  });
  const share = useMutation({
    mutationFn: (name: string) => ok(api.media[":id"].shares.$post({ param: { id: media.id }, json: { username: name } })),
    onSuccess: () => {
      setTyped("");
      return queryClient.invalidateQueries({ queryKey: keys.shares(media.id) });
    },
  });
  const found = lookup.data && lookup.data.username === username ? lookup.data : undefined;
  const notFound = lookup.error instanceof ApiError && lookup.error.status === 404;
  const settled = typed.trim().toLowerCase() === username;
  return (
    <form
      className="share-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (found) share.mutate(found.username);
      }}
    >
      <Field
        label="Username"
        value={typed}
        onChange={(event) => {
          setTyped(event.target.value);
          share.reset();
        }}
        autoComplete="off"
        spellCheck={false}
        hint="Type their whole username; only an exact match is shown."
        error={fieldError(share.error, "username")}
      />
      <p className="lookup" role="status">
        {!settled || !USERNAME.test(username)
          ? ""
          : lookup.isFetching
            ? "Looking…"
            : found
              ? `Found ${found.name} (@${found.username})`
              : notFound
                ? "No one has that username."
                : ""}
      </p>
      {lookup.isError && !notFound && <Problem error={lookup.error} onRetry={() => void lookup.refetch()} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={!found || !settled || share.isPending}>
          {found && settled ? `Share with ${found.name}` : "Share"}
        </button>
      </div>
      {share.isError && !fieldError(share.error, "username") && <Problem error={share.error} />}
      {share.isSuccess && (
        <p className="ok" role="status">
          Shared with {share.data.name}. They get a notification.
        </p>
      )}
    </form>
  );
}

function SharedWith({ media }: { media: Media }) {
  const queryClient = useQueryClient();
  const shares = useQuery({
    queryKey: keys.shares(media.id),
    queryFn: () => ok(api.media[":id"].shares.$get({ param: { id: media.id } })),
  });
  const revoke = useMutation({
    mutationFn: (userId: string) => ok(api.media[":id"].shares[":userId"].$delete({ param: { id: media.id, userId } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.shares(media.id) }),
  });
  if (shares.isPending) return <Skeleton rows={2} label="Loading who this is shared with" />;
  if (shares.isError) return <Problem error={shares.error} onRetry={() => void shares.refetch()} />;
  if (shares.data.items.length === 0) return <p className="hint">Not shared with anyone yet.</p>;
  return (
    <>
      <ul className="share-list" aria-label="Shared with">
        {shares.data.items.map((share) => (
          <li key={share.userId}>
            <span>
              {share.name} <span className="hint">@{share.username}</span>{" "}
              <span className="hint">since {when(share.createdAt)}</span>
            </span>
            <button
              type="button"
              className="danger"
              onClick={() => revoke.mutate(share.userId)}
              disabled={revoke.isPending}
              aria-label={`Stop sharing with ${share.name}`}
            >
              Revoke
            </button>
          </li>
        ))}
      </ul>
      {revoke.isError && <Problem error={revoke.error} />}
    </>
  );
}

const EXPIRIES = [
  { seconds: 3600, label: "1 hour" },
  { seconds: 86_400, label: "1 day" },
  { seconds: 604_800, label: "7 days" },
];

/** A signed link anyone can open until it expires; it cannot be revoked before that. */
function ShareLink({ media, jobId }: { media: Media; jobId?: string }) {
  const selectId = useId();
  const linkId = useId();
  const [seconds, setSeconds] = useState(EXPIRIES[0].seconds);
  const [copied, setCopied] = useState<string | null>(null);
  const link = useMutation({ mutationFn: () => fetchPlayback(media.id, jobId, seconds) });
  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("Copied to the clipboard.");
    } catch {
      // No clipboard permission: leave the link selected for Ctrl+C.
      (document.getElementById(linkId) as HTMLInputElement | null)?.select();
      setCopied("Press Ctrl+C (or ⌘C) to copy the selected link.");
    }
  };
  return (
    <div className="share-link">
      <div className="field">
        <label htmlFor={selectId}>Link expires after</label>
        <select
          id={selectId}
          value={seconds}
          onChange={(event) => {
            setSeconds(Number(event.target.value));
            link.reset();
            setCopied(null);
          }}
        >
          {EXPIRIES.map((expiry) => (
            <option key={expiry.seconds} value={expiry.seconds}>
              {expiry.label}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="button" onClick={() => link.mutate()} disabled={link.isPending}>
          Create link
        </button>
      </div>
      {link.isError && <Problem error={link.error} />}
      {link.data && (
        <div className="field">
          <label htmlFor={linkId}>Link</label>
          <div className="copy-row">
            <input id={linkId} readOnly value={link.data.url} onFocus={(event) => event.target.select()} />
            <button type="button" onClick={() => void copy(link.data.url)}>
              Copy link
            </button>
          </div>
          <small className="hint">Works until {when(link.data.expiresAt)} for anyone who has it.</small>
          <p className="ok" role="status">
            {copied ?? ""}
          </p>
        </div>
      )}
    </div>
  );
}

/** Who the item is shared with, sharing with one more person, and links that expire. */
export function SharePanel({ media, jobId }: { media: Media; jobId?: string }) {
  return (
    <section aria-labelledby="share-heading" className="panel">
      <h2 id="share-heading">Share</h2>
      <h3>With a person</h3>
      <ShareWithPerson media={media} />
      <SharedWith media={media} />
      <h3>With a link</h3>
      <ShareLink media={media} jobId={jobId} />
    </section>
  );
}
