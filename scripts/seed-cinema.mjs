// Demo box office: two theaters and a week of evening showtimes for the first catalog movies.
// Idempotent: theaters are matched by name, and a showtime that already exists answers 409.
// Resolves with the theaters' ids.

const theaters = [
  { name: "Screen 1", rows: 10, seatsPerRow: 12 },
  {
    name: "Screen 2 (premium)",
    layout: {
      rows: [
        "ww_ssssssss_cc",
        "ss_ssssssss_ss",
        "ss_ssssssss_ss",
        "ss_ssssssss_ss",
        "pp_pppppppp_pp",
        "pp_pppppppp_pp",
        "xx_ssssssss_xx",
      ],
    },
  },
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
  for (let day = 1; day <= 7; day++) {
    for (const [i, theaterId] of ids.entries()) {
      const movie = movies[(day + i) % Math.max(1, movies.length)];
      if (!movie) return { theaterIds: ids };
      const startsAt = new Date();
      startsAt.setUTCDate(startsAt.getUTCDate() + day);
      startsAt.setUTCHours(18 + i, 0, 0, 0);
      const res = await call("POST", "/api/showtimes", {
        movieId: movie.id,
        theaterId,
        startsAt: startsAt.toISOString(),
        price: 1200,
        prices: { premium: 1800 },
      });
      if (res.status !== 201 && res.status !== 409) throw new Error(`seeding a showtime failed: ${JSON.stringify(res.body)}`);
    }
  }
  return { theaterIds: ids };
}
