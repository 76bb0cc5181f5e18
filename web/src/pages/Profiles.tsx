import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { setProfile, useProfileId } from "../api/session";
import { Field } from "../components/Field";
import { Problem, Skeleton } from "../components/Problem";
import { safeNext } from "./SignIn";

const MAX_PROFILES = 5;
const profilesKey = ["profiles"];

function useProfileMutation<A>(call: (arg: A) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: call, onSuccess: () => queryClient.invalidateQueries({ queryKey: profilesKey }) });
}

function ProfileEditor({ profile, onDone }: { profile: { id: string; name: string }; onDone: () => void }) {
  const [name, setName] = useState(profile.name);
  const rename = useProfileMutation(() => ok(api.me.profiles[":id"].$patch({ param: { id: profile.id }, json: { name } })));
  const remove = useProfileMutation(() => ok(api.me.profiles[":id"].$delete({ param: { id: profile.id } })));
  const currentId = useProfileId();
  return (
    <form
      className="profile-editor"
      onSubmit={(event) => {
        event.preventDefault();
        rename.mutate(undefined, { onSuccess: onDone });
      }}
    >
      <Field
        label={`New name for ${profile.name}`}
        value={name}
        required
        maxLength={50}
        onChange={(e) => setName(e.target.value)}
      />
      {(rename.isError || remove.isError) && <Problem error={rename.error ?? remove.error} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={rename.isPending}>
          Save
        </button>
        <button
          type="button"
          className="danger"
          disabled={remove.isPending}
          onClick={() => {
            if (!window.confirm(`Remove the profile "${profile.name}" with its history, list and recommendations?`)) return;
            remove.mutate(undefined, {
              onSuccess: () => {
                if (currentId === profile.id) setProfile(null);
                onDone();
              },
            });
          }}
        >
          Remove profile
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function AddProfile() {
  const [name, setName] = useState("");
  const [kids, setKids] = useState(false);
  const add = useProfileMutation(() => ok(api.me.profiles.$post({ json: { name, kids } })));
  return (
    <form
      className="add-profile"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate(undefined, { onSuccess: () => setName("") });
      }}
    >
      <h2>Add a profile</h2>
      <Field
        label="Profile name"
        name="profile-name"
        value={name}
        required
        maxLength={50}
        onChange={(e) => setName(e.target.value)}
      />
      <label className="checkbox">
        <input type="checkbox" checked={kids} onChange={(e) => setKids(e.target.checked)} /> Kids profile
      </label>
      {add.isError && <Problem error={add.error} />}
      <button type="submit" className="primary" disabled={add.isPending}>
        Add profile
      </button>
    </form>
  );
}

/** "Who's watching?": pick, add, rename and remove the account's profiles. */
export default function Profiles() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [editing, setEditing] = useState<string | null>(null);
  const profiles = useQuery({ queryKey: profilesKey, queryFn: () => ok(api.me.profiles.$get()) });
  const pick = (id: string) => {
    setProfile(id);
    navigate(safeNext(params.get("next")), { replace: true });
  };
  return (
    <main id="main" className="page narrow">
      <h1>Who's watching?</h1>
      {profiles.isPending && <Skeleton rows={2} label="Loading profiles" />}
      {profiles.isError && <Problem error={profiles.error} onRetry={() => profiles.refetch()} />}
      {profiles.data && (
        <>
          <ul className="profile-grid">
            {profiles.data.items.map((profile) => (
              <li key={profile.id}>
                {editing === profile.id ? (
                  <ProfileEditor profile={profile} onDone={() => setEditing(null)} />
                ) : (
                  <>
                    <button type="button" className="profile-tile" onClick={() => pick(profile.id)}>
                      <span className="avatar" aria-hidden="true">
                        {profile.name.slice(0, 1).toUpperCase()}
                      </span>
                      {profile.name}
                      {profile.kids && <span className="tag">Kids</span>}
                    </button>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => setEditing(profile.id)}
                      aria-label={`Edit ${profile.name}`}
                    >
                      Edit
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
          {profiles.data.items.length < MAX_PROFILES ? (
            <AddProfile />
          ) : (
            <p className="hint">An account has at most {MAX_PROFILES} profiles.</p>
          )}
        </>
      )}
    </main>
  );
}
