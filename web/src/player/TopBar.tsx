import type { MouseEvent } from "react";
import { Link, useLocation, useNavigate } from "react-router";

/**
 * Back and the title. Back returns to the page the person came from when the app has one
 * (home, the title page, a playlist), else to the title's own page.
 */
export function TopBar({ title, backTo }: { title: string; backTo: string }) {
  const navigate = useNavigate();
  const location = useLocation();
  const back = (event: MouseEvent) => {
    if (location.key === "default") return;
    event.preventDefault();
    navigate(-1);
  };
  return (
    <div className="player-top">
      <Link to={backTo} onClick={back} className="player-back">
        <span aria-hidden="true">←</span> Back
      </Link>
      <h1>{title}</h1>
    </div>
  );
}
