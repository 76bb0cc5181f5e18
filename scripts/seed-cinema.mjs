// Demo box office: two theaters, a week of evening showtimes for the first catalog movies, and
// one showtime later today in each theater (today's evening ones may be past already).
// Idempotent: theaters are matched by name, a showtime that already exists answers 409, and a
// theater that already has a showtime still to start today gets no other one.
// Resolves with the theaters' ids and how many showtimes this run scheduled.

/** Wheelchair and companion places in row A, premium rows E–F, blocked ends in row G. */
export const premiumLayout = {
  rows: [
    "ww_ssssssss_cc",
    "ss_ssssssss_ss",
    "ss_ssssssss_ss",
    "ss_ssssssss_ss",
    "pp_pppppppp_pp",
    "pp_pppppppp_pp",
    "xx_ssssssss_xx",
  ],
};

const theaters = [
  { name: "Screen 1", rows: 10, seatsPerRow: 12 },
  { name: "Screen 2 (premium)", layout: premiumLayout },
];

export async function seedCinema(baseUrl, token) {
  const call = async (method, path, body) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
  const existing = (await call("GET", "/api/theaters?limit=100")).body?.items ?? [];
  const ids = [];
  for (const theater of theaters) {
    const found = existing.find((t) => t.name === theater.name);
    const created = found ?? (await call("POST", "/api/theaters", theater)).body;
    if (!created?.id) throw new Error(`seeding theater ${theater.name} failed`);
    ids.push(created.id);
  }
  const movies = (await call("GET", "/api/movies?limit=2")).body?.items ?? [];
  if (movies.length === 0) return { theaterIds: ids, scheduled: 0 };
  let scheduled = 0;
  const schedule = async (movie, theaterId, startsAt) => {
    const res = await call("POST", "/api/showtimes", {
      movieId: movie.id,
      theaterId,
      startsAt: startsAt.toISOString(),
      price: 1200,
      prices: { premium: 1800 },
    });
    if (res.status !== 201 && res.status !== 409) throw new Error(`seeding a showtime failed: ${JSON.stringify(res.body)}`);
    if (res.status === 201) scheduled++;
    return res.status;
  };

  // Later today: from the next half hour at least 30 minutes away (the 18:00/19:00 slots when
  // those are still ahead), trying later slots while the theater is busy, until the day ends.
  const now = Date.now();
  const today = new Date(now).toISOString().slice(0, 10);
  const endOfDay = Date.parse(`${today}T23:59:59.999Z`);
  for (const [i, theaterId] of ids.entries()) {
    const upcoming = (await call("GET", `/api/showtimes?theater=${theaterId}&date=${today}&limit=100`)).body?.items ?? [];
    if (upcoming.some((s) => Date.parse(s.startsAt) > now)) continue;
    const evening = Date.parse(`${today}T${String(18 + i).padStart(2, "0")}:00:00.000Z`);
    const soon = Math.ceil((now + 30 * 60_000) / (30 * 60_000)) * 30 * 60_000;
    for (let start = Math.max(evening, soon); start <= endOfDay; start += 30 * 60_000) {
      if ((await schedule(movies[i % movies.length], theaterId, new Date(start))) === 201) break;
    }
  }

  for (let day = 1; day <= 7; day++) {
    for (const [i, theaterId] of ids.entries()) {
      const startsAt = new Date();
      startsAt.setUTCDate(startsAt.getUTCDate() + day);
      startsAt.setUTCHours(18 + i, 0, 0, 0);
      await schedule(movies[(day + i) % movies.length], theaterId, startsAt);
    }
  }
  return { theaterIds: ids, scheduled };
}
