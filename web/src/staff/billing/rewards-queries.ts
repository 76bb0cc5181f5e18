import { api } from "../../api/client";
import { ok } from "../../api/problem";

export type NewReward = Parameters<typeof api.rewards.$post>[0]["json"];

/** The rewards list is the shop's own key: archiving one here refreshes what members see. */
export const rewardKeys = { all: ["rewards"] as const };

export const fetchRewards = () => ok(api.rewards.$get({ query: {} }));
export const createReward = (json: NewReward) => ok(api.rewards.$post({ json }));
export const archiveReward = (id: string) => ok(api.rewards[":id"].$delete({ param: { id } }));

export const adjustPoints = (userId: string, points: number, reason: string) =>
  ok(api.users[":id"].loyalty.adjustments.$post({ param: { id: userId }, json: { points, reason } }));
