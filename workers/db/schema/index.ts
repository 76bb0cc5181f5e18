// The data model, one file per domain. drizzle-kit reads this to write migrations/.

export * from "./analytics";
export * from "./billing";
export * from "./catalog";
export * from "./cinema";
export * from "./engagement";
export * from "./follows";
export * from "./loyalty";
export * from "./media";
export * from "./messaging";
export * from "./notifications";
export * from "./ops";
export * from "./users";
