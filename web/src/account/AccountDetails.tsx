import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../api/client";
import { type OkBody, ok } from "../api/problem";
import { currentSession, setSession } from "../api/session";
import { Field, fieldError } from "../components/Field";
import { Problem } from "../components/Problem";

export type Me = OkBody<Awaited<ReturnType<typeof api.me.$get>>>;

/** Name and username (the email is shown, not changed here). */
export function AccountDetails({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(me.name);
  const [username, setUsername] = useState(me.username);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => {
      const changes = { ...(name !== me.name && { name }), ...(username !== me.username && { username }) };
      return ok(api.me.$patch({ json: changes }));
    },
    onSuccess: (user) => {
      const session = currentSession();
      // The header and other pages read the stored session's user.
      if (session) setSession({ ...session, user: { ...session.user, name: user.name, username: user.username } });
      setSaved(true);
      return queryClient.invalidateQueries({ queryKey: ["me"] });
    },
  });
  const unchanged = name === me.name && username === me.username;
  return (
    <section aria-labelledby="details" className="account-section">
      <h2 id="details">Your details</h2>
      <p>
        Email: <strong>{me.email}</strong>
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(false);
          save.mutate();
        }}
      >
        <Field
          label="Name"
          autoComplete="name"
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fieldError(save.error, "name")}
        />
        <Field
          label="Username"
          autoComplete="username"
          required
          hint="3 to 30 letters, digits, dots or underscores."
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={fieldError(save.error, "username")}
        />
        {save.isError && <Problem error={save.error} />}
        <p role="status" className="hint">
          {saved && !save.isPending ? "Saved." : ""}
        </p>
        <div className="actions">
          <button type="submit" className="primary" disabled={save.isPending || unchanged}>
            Save details
          </button>
        </div>
      </form>
    </section>
  );
}
