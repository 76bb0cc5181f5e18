// The money side of the demo: plans, rewards, titles behind the paywall, one demo viewer
// subscribed and one in the loyalty programme. Through the public API, idempotent.

const call = async (baseUrl, method, path, body, token, headers = {}) => {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json().catch(() => null) };
};

export const demoPlans = [
  {
    name: "Basic",
    description: "Every title in standard definition, on one screen.",
    price: 799,
    interval: "month",
    maxStreams: 1,
    features: [],
  },
  {
    name: "Standard",
    description: "HD on two screens at once.",
    price: 1299,
    interval: "month",
    maxStreams: 2,
    features: ["hd"],
  },
  {
    name: "Premium",
    description: "HD on four screens, premium titles included. The first week is free.",
    price: 1799,
    interval: "month",
    trialDays: 7,
    maxStreams: 4,
    features: ["hd", "premium_titles"],
  },
  {
    name: "Premium yearly",
    description: "Premium for a year, two months free.",
    price: 17990,
    interval: "year",
    maxStreams: 4,
    features: ["hd", "premium_titles"],
  },
];

export const demoRewards = [
  { name: "Free ticket", description: "One seat at any showtime, standard or premium.", kind: "free_ticket", cost: 1500 },
  {
    name: "Popcorn and a drink",
    description: "A medium popcorn and a soft drink at the bar.",
    kind: "snack_voucher",
    cost: 400,
    stock: 200,
  },
  {
    name: "20 % off your next tickets",
    description: "Takes a fifth off one ticket order.",
    kind: "discount_code",
    cost: 800,
    discountPercent: 20,
  },
];

async function ensureByName(baseUrl, token, path, wanted, log) {
  const existing = await call(baseUrl, "GET", `${path}${path.includes("?") ? "&" : "?"}include=archived`, undefined, token);
  if (existing.status !== 200) throw new Error(`GET ${path} answered ${existing.status}: ${existing.body?.detail ?? ""}`);
  const names = new Map(existing.body.items.map((item) => [item.name, item]));
  const rows = [];
  for (const item of wanted) {
    let row = names.get(item.name);
    if (!row) {
      const created = await call(baseUrl, "POST", path, { currency: "usd", ...item }, token);
      if (created.status !== 201)
        throw new Error(`POST ${path} ${item.name} answered ${created.status}: ${created.body?.detail}`);
      row = created.body;
      log(`${path}: ${item.name} created`);
    }
    rows.push(row);
  }
  return rows;
}

/**
 * Puts some demo titles behind the paywall: the series Harbor Lights (any plan) and two playable
 * movies that sort after the first movie with nothing to play, one of them for Premium only. Movies
 * before that one stay free, so "the first movie that plays" and "the first that does not" keep
 * meaning what the browser tests and a first-time visitor expect.
 */
async function gateTitles(baseUrl, token, log) {
  const list = (await call(baseUrl, "GET", "/api/movies?sort=title&limit=100", undefined, token)).body?.items ?? [];
  // `playable` is on a title's detail, not in lists.
  const movies = await Promise.all(list.map(async (m) => (await call(baseUrl, "GET", `/api/movies/${m.id}`)).body ?? m));
  const firstSilent = movies.findIndex((m) => !m.playable);
  const gated =
    firstSilent < 0
      ? []
      : movies
          .slice(firstSilent + 1)
          .filter((m) => m.playable)
          .slice(-2);
  const changes = gated.map((movie, i) => [
    `/api/movies/${movie.id}`,
    { access: "subscription", requiredFeatures: i === 0 ? ["premium_titles"] : [] },
    movie.title,
  ]);
  const series = (await call(baseUrl, "GET", "/api/search?q=harbor%20lights&type=series", undefined, token)).body?.items?.[0];
  if (series) changes.push([`/api/series/${series.id}`, { access: "subscription", requiredFeatures: [] }, series.title]);
  for (const [path, body, title] of changes) {
    const res = await call(baseUrl, "PATCH", path, body, token);
    if (res.status !== 200) throw new Error(`gating ${title} answered ${res.status}: ${res.body?.detail ?? ""}`);
  }
  log(
    `behind the paywall: ${changes.map(([, body, title]) => `${title}${body.requiredFeatures.length ? " (Premium)" : ""}`).join(", ")}`,
  );
}

async function signIn(baseUrl, user) {
  const login = await call(baseUrl, "POST", "/api/auth/login", { identifier: user.username, password: user.password });
  if (login.status !== 200) throw new Error(`${user.username} could not sign in (${login.status})`);
  return login.body.accessToken;
}

/** `subscriber` subscribes to Standard with their saved card; `member` joins the loyalty programme. */
async function seedCustomers(baseUrl, plans, { subscriber, member }, log) {
  const token = await signIn(baseUrl, subscriber);
  try {
    const current = await call(baseUrl, "GET", "/api/me/subscription", undefined, token);
    if (current.body?.subscription && current.body.subscription.status !== "canceled") {
      log(`${subscriber.username} is already subscribed`);
    } else {
      const card = (await call(baseUrl, "GET", "/api/me/payment-methods", undefined, token)).body?.items?.find(
        (c) => c.isDefault,
      );
      const standard = plans.find((p) => p.name === "Standard");
      const res = await call(baseUrl, "POST", "/api/me/subscription", { planId: standard.id, paymentMethodId: card?.id }, token, {
        "idempotency-key": `demo-subscription-${subscriber.username}`,
      });
      if (res.status !== 201) throw new Error(`subscribing ${subscriber.username} answered ${res.status}: ${res.body?.detail}`);
      log(`${subscriber.username} subscribed to Standard`);
    }
  } finally {
    await call(baseUrl, "POST", "/api/auth/logout", undefined, token).catch(() => {});
  }
  const memberToken = await signIn(baseUrl, member);
  try {
    const joined = await call(baseUrl, "POST", "/api/me/loyalty", undefined, memberToken);
    if (joined.status !== 200 && joined.status !== 201)
      throw new Error(`${member.username} could not join loyalty (${joined.status})`);
    log(`${member.username}: ${joined.body.balance} loyalty points, ${joined.body.tierName}`);
  } finally {
    await call(baseUrl, "POST", "/api/auth/logout", undefined, memberToken).catch(() => {});
  }
}

/** Seeds plans, rewards, gated titles and the demo customers; `users` are seed.mjs's demo users. */
export async function seedBilling(baseUrl, token, users, log = () => {}) {
  const plans = await ensureByName(baseUrl, token, "/api/plans", demoPlans, log);
  await ensureByName(baseUrl, token, "/api/rewards", demoRewards, log);
  await gateTitles(baseUrl, token, log);
  const [ada, grace] = users;
  await seedCustomers(baseUrl, plans, { subscriber: grace, member: ada }, log);
  return { plans: plans.length, rewards: demoRewards.length };
}
