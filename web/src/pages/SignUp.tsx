import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ContinueWithGoogle } from "../account/GoogleSignIn";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { setSession } from "../api/session";
import { Field, fieldError } from "../components/Field";
import { Problem } from "../components/Problem";
import { safeNext } from "./SignIn";

export default function SignUp() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ name: "", email: "", username: "", password: "" });
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.target.value });
  const signUp = useMutation({
    mutationFn: () => {
      const { username, ...rest } = form;
      return ok(api.auth.register.$post({ json: username ? { ...rest, username } : rest }));
    },
    onSuccess: (session) => signedUp(session),
  });
  function signedUp(session: Parameters<typeof setSession>[0]) {
    queryClient.clear();
    setSession(session);
    navigate(`/profiles?next=${encodeURIComponent(safeNext(params.get("next")))}`, { replace: true });
  }
  const error = signUp.error;
  return (
    <main id="main" className="page narrow">
      <h1>Create your account</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          signUp.mutate();
        }}
      >
        <Field
          label="Name"
          name="name"
          autoComplete="name"
          required
          value={form.name}
          onChange={set("name")}
          error={fieldError(error, "name")}
        />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={form.email}
          onChange={set("email")}
          error={fieldError(error, "email")}
        />
        <Field
          label="Username (optional)"
          name="username"
          autoComplete="off"
          hint="Letters, digits and underscores; made from your email when left empty."
          value={form.username}
          onChange={set("username")}
          error={fieldError(error, "username")}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          hint="At least 10 characters."
          value={form.password}
          onChange={set("password")}
          error={fieldError(error, "password")}
        />
        {signUp.isError && <Problem error={error} />}
        <button type="submit" className="primary" disabled={signUp.isPending}>
          {signUp.isPending ? "Creating…" : "Create account"}
        </button>
      </form>
      <ContinueWithGoogle onSignedIn={signedUp} />
      <p>
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </main>
  );
}
