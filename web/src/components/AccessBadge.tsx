import "./title-card.css";

export interface TitleAccessInfo {
  access: "free" | "subscription";
  requiredFeatures: string[];
}

/** "Premium" or "Subscription" on a title only subscribers stream; nothing on a free one. */
export function AccessBadge({ title }: { title: TitleAccessInfo }) {
  if (title.access === "free") return null;
  const premium = title.requiredFeatures.includes("premium_titles");
  return (
    <span
      className="access-badge"
      title={premium ? "Included with plans that have premium titles" : "Included with a subscription"}
    >
      {premium ? "Premium" : "Subscription"}
    </span>
  );
}
