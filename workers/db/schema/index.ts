// The data model, one file per domain. drizzle-kit reads this to write migrations/.
export * from "./users";
