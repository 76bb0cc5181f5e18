import { Link } from "react-router";
import { staffSections, useRole } from "./staff-role";

/** What each section of the console is for. */
const purposes: Record<string, string> = {
  door: "Scan or type ticket codes at the door.",
  moderation: "Reported and held comments: hide, restore, approve.",
  catalog: "Movies, series, people, genres, artwork and playable media.",
  theaters: "Seat layouts: seat kinds, aisles, blocked seats.",
  showtimes: "Schedule and cancel showtimes.",
  jobs: "Media conversions across every account; retry failed ones.",
  users: "Find accounts, change roles, disable.",
  billing: "Invoices and credit notes, plans, rewards and loyalty points.",
  tickets: "Every ticket by showtime, buyer and status; refund a payment.",
  reviews: "All reviews by title, rating and reports.",
  messages: "Email a person or a segment; see who would receive it first.",
  analytics: "Sales, occupancy, audience, searches and the funnel, with charts and CSV.",
  operations: "System summary, circuit breakers, the audit log and the error log.",
};

export default function StaffHome() {
  const { role } = useRole();
  return (
    <>
      <h1>Staff console</h1>
      <ul className="staff-home">
        {staffSections
          .filter((section) => role && (section.roles as string[]).includes(role))
          .map((section) => (
            <li key={section.path}>
              <Link to={`/staff/${section.path}`}>{section.label}</Link>
              <p>{purposes[section.path]}</p>
            </li>
          ))}
      </ul>
    </>
  );
}
