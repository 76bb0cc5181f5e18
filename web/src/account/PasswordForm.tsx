import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { Field, fieldError } from "../components/Field";
import { Problem } from "../components/Problem";

/** Change the password (or set a first one, for an account made with Google); other devices are signed out. */
export function PasswordForm({ hasPassword }: { hasPassword: boolean }) {
  const queryClient = useQueryClient();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [done, setDone] = useState(false);
  const change = useMutation({
    mutationFn: () => ok(api.me.password.$patch({ json: hasPassword ? { currentPassword, newPassword } : { newPassword } })),
    onSuccess: () => {
      setCurrentPassword("");
      setNewPassword("");
      setDone(true);
      return queryClient.invalidateQueries({ queryKey: ["me"] });
    },
  });
  return (
    <section aria-labelledby="password" className="account-section">
      <h2 id="password">{hasPassword ? "Change your password" : "Set a password"}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setDone(false);
          change.mutate();
        }}
      >
        {hasPassword && (
          <Field
            label="Current password"
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrentPassword(e.target.value)}
            error={fieldError(change.error, "currentPassword")}
          />
        )}
        <Field
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          hint="At least 10 characters. Your other devices will be signed out."
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
          error={fieldError(change.error, "newPassword")}
        />
        {change.isError && <Problem error={change.error} />}
        <p role="status" className="hint">
          {done ? "Password changed. Your other devices were signed out." : ""}
        </p>
        <div className="actions">
          <button type="submit" className="primary" disabled={change.isPending}>
            {hasPassword ? "Change password" : "Set password"}
          </button>
        </div>
      </form>
    </section>
  );
}
