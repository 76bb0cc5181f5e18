import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { api } from "../api/client";
import { type OkBody, ok } from "../api/problem";
import { Problem } from "../components/Problem";
import "./account.css";

type Session = OkBody<Awaited<ReturnType<typeof api.auth.google.$post>>>;

interface GoogleIdentity {
  accounts: {
    id: {
      initialize(options: { client_id: string; callback: (response: { credential: string }) => void }): void;
      renderButton(parent: HTMLElement, options: Record<string, string | number>): void;
    };
  };
}

const GSI_URL = "https://accounts.google.com/gsi/client";
let loading: Promise<GoogleIdentity> | null = null;

/** Google Identity Services, loaded once and only on a server where Google sign-in is configured. */
function loadGoogle(): Promise<GoogleIdentity> {
  loading ??= new Promise<GoogleIdentity>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = GSI_URL;
    script.async = true;
    script.onload = () => {
      const google = (window as unknown as { google?: GoogleIdentity }).google;
      if (google) resolve(google);
      else reject(new Error("Google sign-in did not start. Reload the page to try again."));
    };
    script.onerror = () => {
      loading = null;
      script.remove();
      reject(new Error("Google sign-in could not be loaded. Check your connection and try again."));
    };
    document.head.appendChild(script);
  });
  return loading;
}

function GoogleButton({ clientId, onSignedIn }: { clientId: string; onSignedIn: (session: Session) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const signIn = useMutation({ mutationFn: (idToken: string) => ok(api.auth.google.$post({ json: { idToken } })) });
  const latest = useRef({ signIn: signIn.mutate, onSignedIn });
  latest.current = { signIn: signIn.mutate, onSignedIn };

  useEffect(() => {
    let cancelled = false;
    loadGoogle().then(
      (google) => {
        if (cancelled || !box.current) return;
        google.accounts.id.initialize({
          client_id: clientId,
          callback: ({ credential }) => latest.current.signIn(credential, { onSuccess: (s) => latest.current.onSignedIn(s) }),
        });
        google.accounts.id.renderButton(box.current, {
          type: "standard",
          theme: "filled_black",
          size: "large",
          text: "continue_with",
          shape: "pill",
          width: Math.min(400, box.current.clientWidth || 320),
        });
      },
      (error) => !cancelled && setLoadError(error),
    );
    return () => {
      cancelled = true;
    };
  }, [clientId]);

  return (
    <div className="google-sign-in">
      <p className="or">
        <span>or</span>
      </p>
      <div ref={box} aria-busy={signIn.isPending} />
      {loadError !== null && <Problem error={loadError} />}
      {signIn.isError && <Problem error={signIn.error} />}
    </div>
  );
}

/** "Continue with Google", shown only when the server has Google sign-in configured (GET /auth/providers). */
export function ContinueWithGoogle({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const providers = useQuery({
    queryKey: ["auth", "providers"],
    queryFn: () => ok(api.auth.providers.$get()),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const clientId = providers.data?.google?.clientId;
  // Without the answer there is no Google button; the password form works regardless.
  return clientId ? <GoogleButton clientId={clientId} onSignedIn={onSignedIn} /> : null;
}
