import { NavLink } from "react-router";

/** Between the profile's lists: My list, playlists and history. */
export function LibraryNav() {
  return (
    <nav aria-label="Your library" className="library-nav">
      <NavLink to="/my-list" end>
        My list
      </NavLink>
      <NavLink to="/playlists" end>
        Playlists
      </NavLink>
      <NavLink to="/history" end>
        History
      </NavLink>
    </nav>
  );
}
