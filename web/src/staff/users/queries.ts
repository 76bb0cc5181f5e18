import { api } from "../../api/client";
import { type OkBody, ok } from "../../api/problem";

export type Role = "user" | "moderator" | "manager" | "admin";

export const roleLabels: Record<Role, string> = { user: "User", moderator: "Moderator", manager: "Manager", admin: "Admin" };
export const roleOptions = Object.entries(roleLabels) as [Role, string][];

const PAGE = "20";

export type AccountStatus = "active" | "disabled" | "all";
export const statusOptions: [AccountStatus, string][] = [
  ["active", "Active"],
  ["disabled", "Disabled"],
  ["all", "Active and disabled"],
];

export interface UserFilters {
  q: string;
  role: Role | "";
  status: AccountStatus;
}

const searchCall = (filters: UserFilters, cursor?: string) =>
  api.users.$get({
    query: {
      limit: PAGE,
      ...(filters.q.trim() ? { q: filters.q.trim() } : {}),
      ...(filters.role ? { role: filters.role } : {}),
      status: filters.status,
      ...(cursor ? { cursor } : {}),
    },
  });
export type Account = OkBody<Awaited<ReturnType<typeof searchCall>>>["items"][number];

/** Query keys: everything under ["users"], so one invalidation after a change refreshes searches and pages. */
export const userKeys = {
  all: ["users"] as const,
  search: (filters: UserFilters) => ["users", "search", filters] as const,
  one: (id: string) => ["users", id] as const,
};

export const searchAccounts = (filters: UserFilters, cursor?: string) => ok(searchCall(filters, cursor));
export const fetchAccount = (id: string) => ok(api.users[":id"].$get({ param: { id } }));
export const setRole = (id: string, role: Role) => ok(api.users[":id"].role.$patch({ param: { id }, json: { role } }));
export const disableAccount = (id: string) => ok(api.users[":id"].$delete({ param: { id } }));
