import { NavLink, Outlet } from "react-router";
import { Problem, Skeleton } from "../components/Problem";
import { isStaff, staffSections, useRole } from "./staff-role";
import "./staff.css";

/** `/staff`: the console for admins, managers and moderators, each seeing the sections their role may use. */
export default function StaffLayout() {
  const me = useRole();
  if (me.isPending) return <Skeleton rows={4} label="Loading the staff console" />;
  if (me.isError) return <Problem error={me.error} onRetry={() => me.refetch()} />;
  const role = me.role;
  if (!isStaff(role)) {
    return (
      <main id="main" className="page narrow">
        <h1>Staff only</h1>
        <p>This part of Marquee is for staff: admins, managers and moderators. Your account is none of these.</p>
      </main>
    );
  }
  return (
    <div className="staff">
      <nav aria-label="Staff" className="staff-nav">
        <ul>
          {staffSections
            .filter((section) => section.roles.includes(role))
            .map((section) => (
              <li key={section.path}>
                <NavLink to={`/staff/${section.path}`}>{section.label}</NavLink>
              </li>
            ))}
        </ul>
      </nav>
      <main id="main" className="page staff-main">
        <Outlet />
      </main>
    </div>
  );
}
