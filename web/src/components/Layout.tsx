import { useQueryClient } from "@tanstack/react-query";
import { Suspense } from "react";
import { Link, NavLink, Outlet, useNavigate } from "react-router";
import { api } from "../api/client";
import { currentSession, signOutLocally, useProfileId, useSession } from "../api/session";
import { NotificationBell } from "./NotificationBell";
import { Skeleton } from "./Problem";
import { SessionWatcher } from "./SessionWatcher";

function SignOutButton() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = async () => {
    const refreshToken = currentSession()?.refreshToken;
    // Signing out here must work even when the API cannot be reached: the local session goes regardless.
    if (refreshToken) await api.auth.logout.$post({ json: { refreshToken } }).catch(() => undefined);
    signOutLocally();
    queryClient.clear();
    navigate("/sign-in");
  };
  return (
    <button type="button" className="link-button" onClick={signOut}>
      Sign out
    </button>
  );
}

export function Layout() {
  const session = useSession();
  const profileId = useProfileId();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <SessionWatcher />
      <header className="site-header">
        <Link to="/" className="brand" aria-label="Marquee home">
          Marquee
        </Link>
        {session && (
          <nav aria-label="Main">
            <ul>
              {profileId && (
                <>
                  <li>
                    <NavLink to="/" end>
                      Home
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to="/search">Search</NavLink>
                  </li>
                  <li>
                    <NavLink to="/my-list">My list</NavLink>
                  </li>
                </>
              )}
              <li>
                <NavLink to="/cinema">Cinema</NavLink>
              </li>
              <li>
                <NavLink to="/plans">Plans</NavLink>
              </li>
              <li>
                <NavLink to="/tickets">My tickets</NavLink>
              </li>
              <li>
                <NavLink to="/media">My media</NavLink>
              </li>
              <li>
                <NavLink to="/shared">Shared with me</NavLink>
              </li>
              {(session.user.role === "admin" || session.user.role === "moderator") && (
                <li>
                  <NavLink to="/staff">Staff</NavLink>
                </li>
              )}
            </ul>
          </nav>
        )}
        <div className="header-end">
          {session ? (
            <>
              <NotificationBell />
              <NavLink to="/profiles">Profiles</NavLink>
              <NavLink to="/account">Account</NavLink>
              <SignOutButton />
            </>
          ) : (
            <>
              <NavLink to="/plans">Plans</NavLink>
              <NavLink to="/sign-in">Sign in</NavLink>
              <NavLink to="/sign-up" className="button">
                Sign up
              </NavLink>
            </>
          )}
        </div>
      </header>
      <Suspense fallback={<Skeleton rows={4} />}>
        <Outlet />
      </Suspense>
    </>
  );
}
