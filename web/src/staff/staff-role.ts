import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { ok } from "../api/problem";

export type StaffRole = "admin" | "moderator" | "manager";

/** The account's role as the API has it now (not as stored at sign-in: a role can change under a session). */
export function useRole() {
  const me = useQuery({ queryKey: ["me"], queryFn: () => ok(api.me.$get()) });
  return { ...me, role: me.data?.role };
}

/** The staff console's sections and who may open each; the API refuses the others anyway. */
export const staffSections: { path: string; label: string; roles: StaffRole[] }[] = [
  { path: "door", label: "Check-in", roles: ["admin", "moderator"] },
  { path: "moderation", label: "Moderation", roles: ["admin", "moderator"] },
  { path: "catalog", label: "Catalog", roles: ["admin"] },
  { path: "theaters", label: "Theaters", roles: ["admin"] },
  { path: "showtimes", label: "Showtimes", roles: ["admin"] },
  { path: "jobs", label: "Media jobs", roles: ["admin"] },
  { path: "users", label: "Users", roles: ["admin"] },
  { path: "billing", label: "Billing", roles: ["admin"] },
  { path: "tickets", label: "Tickets", roles: ["admin"] },
  { path: "reviews", label: "Reviews", roles: ["admin", "moderator"] },
  { path: "messages", label: "Messages", roles: ["admin"] },
  { path: "analytics", label: "Analytics", roles: ["admin", "manager"] },
  { path: "operations", label: "Operations", roles: ["admin"] },
];

export const isStaff = (role: string | undefined): role is StaffRole =>
  role === "admin" || role === "moderator" || role === "manager";
