import { useRole } from "../staff-role";

/**
 * A section for admins only, inside the staff console that moderators also open: a moderator who
 * follows a link here reads why instead of the API's refusal.
 */
export function AdminsOnly({ heading, children }: { heading: string; children: React.ReactNode }) {
  const { role } = useRole();
  if (role === "admin") return <>{children}</>;
  return (
    <>
      <h1>{heading}</h1>
      <p>Only admins can open this section. Ask an admin if you need something changed here.</p>
    </>
  );
}
