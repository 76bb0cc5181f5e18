import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ContinueWithGoogle } from "../account/GoogleSignIn";
import { api } from "../api/client";
import { ok } from "../api/problem";
import { setSession } from "../api/session";
import { Field } from "../components/Field";
import { Problem } from "../components/Problem";

/** Where to go after signing in: only a path of this app (never another site). */
export const safeNext = (next: string | null) => (next?.startsWith("/") && !next.startsWith("//") ? next : "/");

export default function SignIn() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [identifier, setIdentifier] = useState("");
  const [password, setPassword] = useState("");
  const signedIn = (session: Parameters<typeof setSession>[0]) => {
    queryClient.clear();
    setSession(session);
    navigate(safeNext(params.get("next")), { replace: true });
  };
  const signIn = useMutation({
    mutationFn: () => ok(api.auth.login.$post({ json: { identifier, password } })),
    onSuccess: signedIn,
  });
  return (
    <main id="main" className="page narrow">
      <h1>Sign in</h1>
      {params.get("expired") && !signIn.isError && (
        <p className="notice" role="status">
          Your session expired. Sign in again to carry on where you were.
        </p>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          signIn.mutate();
        }}
      >
        <Field
          label="Email or username"
          name="identifier"
          autoComplete="username"
          required
          value={identifier}
          onChange={(e) => setIdentifier(e.target.value)}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {signIn.isError && <Problem error={signIn.error} />}
        <button type="submit" className="primary" disabled={signIn.isPending}>
          {signIn.isPending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <ContinueWithGoogle onSignedIn={signedIn} />
      <p>
        New here?{" "}
        <Link to={`/sign-up${params.get("next") ? `?next=${encodeURIComponent(params.get("next")!)}` : ""}`}>
          Create an account
        </Link>
      </p>
    </main>
  );
}
