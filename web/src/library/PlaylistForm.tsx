import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api } from "../api/client";
import { type OkBody, ok } from "../api/problem";
import { Field, fieldError } from "../components/Field";
import { Problem } from "../components/Problem";

export type Playlist = OkBody<Awaited<ReturnType<(typeof api.playlists)[":id"]["$get"]>>>;
export type Visibility = Playlist["visibility"];

export const visibilities: { value: Visibility; label: string; hint: string }[] = [
  { value: "private", label: "Private", hint: "only you" },
  { value: "unlisted", label: "Unlisted", hint: "anyone with the link" },
  { value: "public", label: "Public", hint: "listed on your profile too" },
];
export const visibilityLabel = (value: Visibility) => visibilities.find((v) => v.value === value)?.label ?? value;

function VisibilityChoice({ value, onChange }: { value: Visibility; onChange: (value: Visibility) => void }) {
  const name = useId();
  return (
    <fieldset>
      <legend>Who can see it</legend>
      {visibilities.map((option) => (
        <label key={option.value} className="checkbox">
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
          />
          {option.label} <span className="hint">({option.hint})</span>
        </label>
      ))}
    </fieldset>
  );
}

/** A new playlist: its name and who can see it. */
export function NewPlaylist({ onCreated }: { onCreated: (playlist: Playlist) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [visibility, setVisibility] = useState<Visibility>("private");
  const create = useMutation({
    mutationFn: () => ok(api.playlists.$post({ json: { name, visibility } })),
    onSuccess: (playlist) => {
      setName("");
      onCreated(playlist);
      return queryClient.invalidateQueries({ queryKey: ["playlists"] });
    },
  });
  return (
    <form
      className="playlist-settings"
      aria-labelledby="new-playlist"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <h2 id="new-playlist">New playlist</h2>
      <Field
        label="Playlist name"
        required
        maxLength={100}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={fieldError(create.error, "name")}
      />
      <VisibilityChoice value={visibility} onChange={setVisibility} />
      {create.isError && <Problem error={create.error} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create playlist"}
        </button>
      </div>
    </form>
  );
}

/** Rename a playlist, change who can see it, or delete it. */
export function PlaylistSettings({
  playlist,
  onDone,
  onDeleted,
}: {
  playlist: Playlist;
  onDone: () => void;
  onDeleted: () => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(playlist.name);
  const [visibility, setVisibility] = useState<Visibility>(playlist.visibility);
  const param = { id: playlist.id };
  const save = useMutation({
    mutationFn: () => ok(api.playlists[":id"].$patch({ param, json: { name, visibility } })),
    onSuccess: () => {
      onDone();
      return queryClient.invalidateQueries({ queryKey: ["playlists"] });
    },
  });
  const remove = useMutation({
    mutationFn: () => ok(api.playlists[":id"].$delete({ param })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ["playlists", playlist.id] });
      onDeleted();
      return queryClient.invalidateQueries({ queryKey: ["playlists"] });
    },
  });
  return (
    <form
      className="playlist-settings"
      aria-label={`Edit ${playlist.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Field
        label="Playlist name"
        required
        maxLength={100}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={fieldError(save.error, "name")}
      />
      <VisibilityChoice value={visibility} onChange={setVisibility} />
      {(save.isError || remove.isError) && <Problem error={save.error ?? remove.error} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          disabled={remove.isPending}
          onClick={() => {
            if (window.confirm(`Delete the playlist "${playlist.name}"? What is in it stays in the catalog.`)) remove.mutate();
          }}
        >
          Delete playlist
        </button>
      </div>
    </form>
  );
}
