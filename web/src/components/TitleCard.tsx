import { Link } from "react-router";
import { AccessBadge, type TitleAccessInfo } from "./AccessBadge";
import "./title-card.css";

export interface TitleCardProps {
  /** Where the card leads: the title page, or the player to resume. */
  to: string;
  title: string;
  posterUrl: string | null;
  /** A second line: a year, "S1 · E3", a reason. */
  subtitle?: string;
  /** How much has been watched, from 0 to 1; shows a bar when given. */
  progress?: number;
  /** Set when the title has nothing to play yet. */
  unavailable?: boolean;
  /** Who may stream it: a badge marks subscription titles. */
  access?: TitleAccessInfo;
}

/** A poster card linking to a title; a lettered placeholder stands in when there is no artwork. */
export function TitleCard({ to, title, posterUrl, subtitle, progress, unavailable, access }: TitleCardProps) {
  const percent = progress === undefined ? undefined : Math.round(Math.min(1, Math.max(0, progress)) * 100);
  return (
    <Link to={to} className="title-card">
      <span className="title-card-art">
        {posterUrl ? (
          <img src={posterUrl} alt="" loading="lazy" decoding="async" />
        ) : (
          <span className="title-card-placeholder" aria-hidden="true">
            {title.trim().charAt(0).toUpperCase() || "?"}
          </span>
        )}
        {access && <AccessBadge title={access} />}
        {percent !== undefined && (
          <span className="title-card-progress" aria-hidden="true">
            <span style={{ width: `${percent}%` }} />
          </span>
        )}
      </span>
      <span className="title-card-name">{title}</span>
      {subtitle && <span className="title-card-subtitle">{subtitle}</span>}
      {percent !== undefined && <span className="visually-hidden">, {percent}% watched</span>}
      {unavailable && <span className="title-card-subtitle">Not available to play yet</span>}
    </Link>
  );
}
