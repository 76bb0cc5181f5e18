import { createRouter } from "../lib/create-app";
import { membershipRouter } from "./membership.index";
import { rewardsRouter } from "./rewards.index";

/** The loyalty programme: memberships, the points ledger, tiers and rewards. */
export const loyaltyRouter = createRouter().route("/", membershipRouter).route("/", rewardsRouter);
