import { NavLink } from "react-router";
import "./section-tabs.css";

/** A section's panes as links (each pane has its own address, so it can be shared and comes back on reload). */
export function SectionTabs({ label, base, panes }: { label: string; base: string; panes: { path: string; label: string }[] }) {
  return (
    <nav aria-label={label} className="section-tabs">
      <ul>
        {panes.map((pane) => (
          <li key={pane.path}>
            <NavLink to={`${base}/${pane.path}`}>{pane.label}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
