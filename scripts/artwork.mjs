// Artwork for the demo catalog, drawn here in plain Node: no native modules, no network, no
// system fonts. Each title gets a scene (mountains at dusk, a city at night, a planet, the sea,
// a misty forest, dunes or bold shapes, chosen by its genre) in colours derived from its name,
// as a poster with the title and year in large letters and as a wide backdrop without text.
// The letters come from a small stroke font defined below (capitals, digits, a little
// punctuation; accents are folded away), drawn anti-aliased from their distance to each stroke.
// Images are PNG: smooth gradients and flat shapes, each row filtered the way that leaves the
// smallest numbers, compress to 30–100 KB (a planet's backdrop, 200). Drawing all of the demo
// catalog takes seconds of CPU, so the seed draws in a worker thread and keeps what it drew in
// .wrangler/demo-artwork/ for the next seed.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { deflateSync } from "node:zlib";

// ---------------------------------------------------------------------------------------------
// Colour and randomness

/** mulberry32: a small deterministic generator, so the same seed always draws the same picture. */
function random(seed) {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed from a string (FNV-1a). */
function seedOf(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** [r, g, b] (0–255) from hue (degrees), saturation and lightness (0–1). */
function hsl(h, s, l) {
  const hue = (((h % 360) + 360) % 360) / 60;
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs((hue % 2) - 1));
  const [r, g, b] =
    hue < 1 ? [c, x, 0] : hue < 2 ? [x, c, 0] : hue < 3 ? [0, c, x] : hue < 4 ? [0, x, c] : hue < 5 ? [x, 0, c] : [c, 0, x];
  const m = l - c / 2;
  return [r + m, g + m, b + m].map((v) => Math.round(v * 255));
}

const mix = (a, b, t) => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
const clamp01 = (v) => Math.min(1, Math.max(0, v));

/** The colour at `t` (0–1) along evenly spaced `stops`. */
function along(stops, t) {
  const at = clamp01(t) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(at));
  return mix(stops[i], stops[i + 1], at - i);
}

// ---------------------------------------------------------------------------------------------
// A canvas: RGB bytes and a few ways to paint on them

function canvas(width, height) {
  const data = new Uint8Array(width * height * 3);

  /** Blends `color` into pixel (x, y) with `alpha` (0–1). */
  const blend = (x, y, color, alpha) => {
    if (alpha <= 0 || x < 0 || y < 0 || x >= width || y >= height) return;
    const i = (y * width + x) * 3;
    if (alpha >= 1) {
      data[i] = color[0];
      data[i + 1] = color[1];
      data[i + 2] = color[2];
      return;
    }
    data[i] += (color[0] - data[i]) * alpha;
    data[i + 1] += (color[1] - data[i + 1]) * alpha;
    data[i + 2] += (color[2] - data[i + 2]) * alpha;
  };

  return {
    width,
    height,
    data,
    blend,
    /** Fills every row with `colorAt(y / height)`: a vertical gradient. */
    gradient(colorAt) {
      const stride = width * 3;
      for (let y = 0; y < height; y++) {
        const c = colorAt(y / height).map(Math.round);
        const row = y * stride;
        data[row] = c[0];
        data[row + 1] = c[1];
        data[row + 2] = c[2];
        // The rest of the row by doubling what is filled.
        for (let filled = 3; filled < stride; filled *= 2)
          data.copyWithin(row + filled, row, row + Math.min(filled, stride - filled));
      }
    },
    /** Darkens (or tints) rows from `from` (0–1) down with `color` at up to `alpha`: a scrim for text. */
    scrim(from, color, alpha) {
      for (let y = Math.floor(from * height); y < height; y++) {
        const a = alpha * clamp01((y / height - from) / (1 - from)) ** 1.3;
        for (let x = 0; x < width; x++) blend(x, y, color, a);
      }
    },
    /** An anti-aliased disc; `colorAt(dx, dy)` (offsets from the centre, in radii) may shade it. */
    disc(cx, cy, r, colorAt, alpha = 1) {
      const flat = typeof colorAt !== "function";
      for (let y = Math.max(0, Math.floor(cy - r - 1)); y <= Math.min(height - 1, Math.ceil(cy + r + 1)); y++) {
        for (let x = Math.max(0, Math.floor(cx - r - 1)); x <= Math.min(width - 1, Math.ceil(cx + r + 1)); x++) {
          const dx = x + 0.5 - cx;
          const dy = y + 0.5 - cy;
          const cover = clamp01(r - Math.sqrt(dx * dx + dy * dy) + 0.5);
          if (cover > 0) blend(x, y, flat ? colorAt : colorAt(dx / r, dy / r), cover * alpha);
        }
      }
    },
    /** A soft glow around (cx, cy): `color` fading out over `r`. */
    glow(cx, cy, r, color, alpha) {
      for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(height - 1, Math.ceil(cy + r)); y++) {
        const dy2 = (y + 0.5 - cy) ** 2;
        for (let x = Math.max(0, Math.floor(cx - r)); x <= Math.min(width - 1, Math.ceil(cx + r)); x++) {
          const d2 = (x + 0.5 - cx) ** 2 + dy2;
          if (d2 < r * r) blend(x, y, color, alpha * (1 - Math.sqrt(d2) / r) ** 2);
        }
      }
    },
    /** Fills below the curve y = top(x) (pixels) with `color`, anti-aliased along it. */
    below(top, color) {
      const stride = width * 3;
      for (let x = 0; x < width; x++) {
        const edge = top(x + 0.5);
        const first = Math.max(0, Math.floor(edge));
        if (first < height) blend(x, first, color, clamp01(first + 1 - edge));
        for (let i = (first + 1) * stride + x * 3; i < data.length; i += stride) {
          data[i] = color[0];
          data[i + 1] = color[1];
          data[i + 2] = color[2];
        }
      }
    },
    /** An axis-aligned rectangle (whole pixels). */
    rect(x0, y0, w, h, color, alpha = 1) {
      for (let y = Math.max(0, Math.round(y0)); y < Math.min(height, Math.round(y0 + h)); y++)
        for (let x = Math.max(0, Math.round(x0)); x < Math.min(width, Math.round(x0 + w)); x++) blend(x, y, color, alpha);
    },
    /** A filled triangle with a vertical apex: (cx, top) to the base from cx-half to cx+half at `bottom`. */
    spike(cx, top, bottom, half, color) {
      for (let y = Math.max(0, Math.floor(top)); y < Math.min(height, Math.ceil(bottom)); y++) {
        const w = (half * (y + 0.5 - top)) / (bottom - top);
        for (let x = Math.max(0, Math.floor(cx - w - 1)); x <= Math.min(width - 1, Math.ceil(cx + w + 1)); x++) {
          blend(x, y, color, clamp01(w - Math.abs(x + 0.5 - cx) + 0.5));
        }
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Scenes. Each paints the whole canvas from `next` (the title's random sequence) and `hue`,
// scaled to the canvas so a poster and a backdrop of one title look alike.

/** A ridge line: a few sine waves of decreasing period, in pixels. */
function ridge(next, width, base, amplitude) {
  const waves = Array.from({ length: 4 }, (_, i) => ({
    k: ((2 + i * 2.3 + next() * 2) * Math.PI) / width,
    phase: next() * Math.PI * 2,
    a: amplitude / (1 + i * 1.4),
  }));
  return (x) => base - waves.reduce((sum, w) => sum + w.a * (0.5 + 0.5 * Math.sin(w.k * x + w.phase)), 0);
}

function stars(c, next, count, bottom) {
  for (let i = 0; i < count; i++) {
    const x = Math.floor(next() * c.width);
    const y = Math.floor(next() * c.height * bottom);
    const bright = 0.35 + next() * 0.65;
    c.blend(x, y, [255, 255, 245], bright);
    if (next() < 0.12) c.disc(x + 0.5, y + 0.5, 1.4, [255, 255, 240], bright * 0.8);
  }
}

const SCENES = {
  mountains(c, next, hue) {
    const { width: w, height: h } = c;
    const unit = Math.min(w, h);
    const sky = [hsl(hue + 220, 0.45, 0.16), hsl(hue + 280, 0.4, 0.38), hsl(hue + 10, 0.75, 0.62), hsl(hue + 35, 0.9, 0.74)];
    c.gradient((t) => along(sky, t / 0.7));
    const sun = [w * (0.25 + next() * 0.5), h * (0.42 + next() * 0.12)];
    c.glow(sun[0], sun[1], unit * 0.55, hsl(hue + 40, 1, 0.8), 0.45);
    c.disc(sun[0], sun[1], unit * 0.12, hsl(hue + 45, 1, 0.88));
    const layers = 4;
    for (let i = 0; i < layers; i++) {
      const t = i / (layers - 1);
      const base = h * (0.56 + t * 0.3);
      const color = mix(hsl(hue + 300, 0.35, 0.5), hsl(hue + 240, 0.45, 0.08), t ** 0.8);
      c.below(ridge(next, w, base, h * (0.22 - t * 0.1)), color);
    }
  },

  city(c, next, hue) {
    const { width: w, height: h } = c;
    const unit = Math.min(w, h);
    c.gradient((t) => along([hsl(hue + 230, 0.55, 0.07), hsl(hue + 250, 0.5, 0.2), hsl(hue + 320, 0.55, 0.42)], t / 0.85));
    stars(c, next, Math.round((w * h) / 4000), 0.5);
    const moon = [w * (0.15 + next() * 0.7), h * (0.14 + next() * 0.12)];
    c.glow(moon[0], moon[1], unit * 0.3, [255, 240, 220], 0.25);
    c.disc(moon[0], moon[1], unit * 0.07, [250, 244, 228]);
    const lit = hsl(hue + 45, 0.95, 0.7);
    for (const [layer, shade] of [
      [0, hsl(hue + 250, 0.35, 0.2)],
      [1, hsl(hue + 240, 0.4, 0.09)],
    ]) {
      let x = -next() * unit * 0.1;
      while (x < w) {
        const bw = unit * (0.07 + next() * 0.1) * (layer ? 1.2 : 0.9);
        const bh = h * (layer ? 0.18 + next() * 0.32 : 0.3 + next() * 0.3);
        const top = h - bh;
        c.rect(x, top, bw, bh, shade);
        if (layer === 1 && next() < 0.3) c.rect(x + bw * 0.45, top - h * 0.05, Math.max(2, bw * 0.08), h * 0.05, shade);
        const cell = Math.max(4, Math.round(unit * 0.018));
        for (let wy = top + cell; wy < h - cell; wy += cell * 1.8) {
          for (let wx = x + cell * 0.7; wx < x + bw - cell; wx += cell * 1.6) {
            if (next() < (layer ? 0.35 : 0.2)) c.rect(wx, wy, cell * 0.8, cell, lit, layer ? 0.9 : 0.45);
          }
        }
        x += bw + unit * next() * 0.02;
      }
    }
  },

  planet(c, next, hue) {
    const { width: w, height: h } = c;
    const unit = Math.min(w, h);
    c.gradient((t) => along([hsl(hue + 240, 0.5, 0.05), hsl(hue + 260, 0.45, 0.12), hsl(hue + 200, 0.5, 0.08)], t));
    stars(c, next, Math.round((w * h) / 2500), 1);
    c.glow(w * next(), h * next(), unit * 0.7, hsl(hue + 290, 0.7, 0.45), 0.35);
    const r = unit * (0.3 + next() * 0.12);
    const [px, py] = [w * (0.35 + next() * 0.3), h * (0.38 + next() * 0.14)];
    const light = [-0.55, -0.5, 0.67];
    const bands = [hsl(hue + 20, 0.65, 0.55), hsl(hue + 35, 0.7, 0.7), hsl(hue + 5, 0.6, 0.45), hsl(hue + 40, 0.55, 0.62)];
    const tilt = 0.25 + next() * 0.2;
    const ringColor = hsl(hue + 45, 0.5, 0.78);
    const ring = (front) => {
      // An ellipse 2.2 radii wide and 0.48 tall, tilted by `tilt * 0.35`: its rows and columns.
      for (let y = Math.max(0, Math.floor(py - r * 0.9)); y < Math.min(c.height, py + r * 0.9); y++) {
        for (let x = Math.max(0, Math.floor(px - r * 2.25)); x < Math.min(c.width, px + r * 2.25); x++) {
          const dx = (x + 0.5 - px) / r;
          const dy = (y + 0.5 - py) / r - dx * tilt * 0.35;
          if (dy > 0 !== front) continue;
          const e2 = dx * dx + (dy / 0.22) ** 2;
          if (e2 < 2.1025 || e2 > 4.84) continue;
          const e = Math.sqrt(e2);
          const band = 0.55 + 0.45 * Math.sin(e * 26);
          c.blend(x, y, ringColor, 0.75 * band * clamp01((e - 1.45) * 8) * clamp01((2.2 - e) * 8));
        }
      }
    };
    ring(false);
    c.glow(px, py, r * 1.35, hsl(hue + 30, 0.8, 0.6), 0.3);
    c.disc(px, py, r, (dx, dy) => {
      const dz = Math.sqrt(Math.max(0, 1 - dx * dx - dy * dy));
      const lit = clamp01((dx * light[0] + dy * light[1] + dz * light[2]) * 1.15 + 0.05);
      const band = along(bands, 0.5 + 0.5 * Math.sin((dy + dx * tilt * 0.35) * 9 + Math.sin(dx * 3) * 0.6));
      return mix([5, 4, 14], band, 0.05 + 0.95 * lit ** 0.9);
    });
    ring(true);
    c.disc(px + r * 1.6, py - r * 0.9, r * 0.12, (dx, dy) =>
      mix([10, 10, 25], [220, 220, 230], clamp01(-dx * 0.7 - dy * 0.5 + 0.4)),
    );
  },

  sea(c, next, hue) {
    const { width: w, height: h } = c;
    const unit = Math.min(w, h);
    const horizon = h * (0.55 + next() * 0.08);
    const sky = [hsl(hue + 250, 0.4, 0.25), hsl(hue + 330, 0.5, 0.55), hsl(hue + 20, 0.85, 0.72)];
    c.gradient((t) => along(sky, (t * h) / horizon));
    const sunX = w * (0.3 + next() * 0.4);
    const sunR = unit * 0.14;
    c.glow(sunX, horizon, unit * 0.6, hsl(hue + 30, 1, 0.75), 0.5);
    c.disc(sunX, horizon - sunR * 0.35, sunR, hsl(hue + 40, 1, 0.86));
    // The sea, painted over the bottom of the sun, in the sky's colours darkened.
    const sea = [mix(sky[2], sky[0], 0.6), mix(sky[0], [4, 6, 16], 0.7)];
    for (let y = Math.ceil(horizon); y < h; y++) {
      const color = along(sea, (y - horizon) / (h - horizon));
      for (let x = 0; x < w; x++) c.blend(x, y, color, 1);
    }
    // The sun's path on the water: short bright dashes, wider and sparser towards the viewer.
    const gold = hsl(hue + 40, 1, 0.82);
    for (let y = Math.ceil(horizon) + 1; y < h; y += 2 + Math.floor(((y - horizon) / h) * 10)) {
      const t = (y - horizon) / (h - horizon);
      const spread = sunR * (0.8 + t * 2.5);
      for (let k = 0; k < 4; k++) {
        const dash = spread * (0.2 + next() * 0.6);
        c.rect(sunX + (next() - 0.5) * 2 * spread - dash / 2, y, dash, 1 + t * 2, gold, 0.9 * (1 - t * 0.6));
      }
    }
  },

  forest(c, next, hue) {
    const { width: w, height: h } = c;
    const unit = Math.min(w, h);
    const fog = hsl(hue + 180, 0.2, 0.62);
    c.gradient((t) => along([hsl(hue + 200, 0.35, 0.1), hsl(hue + 190, 0.25, 0.35), fog], t / 0.75));
    const moon = [w * (0.2 + next() * 0.6), h * (0.16 + next() * 0.1)];
    c.glow(moon[0], moon[1], unit * 0.45, [235, 240, 235], 0.3);
    c.disc(moon[0], moon[1], unit * 0.1, [240, 242, 232]);
    const layers = 4;
    for (let i = 0; i < layers; i++) {
      const t = i / (layers - 1);
      const color = mix(mix(fog, hsl(hue + 200, 0.3, 0.3), 0.35), hsl(hue + 190, 0.4, 0.05), t ** 0.7);
      const ground = h * (0.62 + t * 0.26);
      c.below(ridge(next, w, ground, h * 0.04), color);
      let x = -next() * unit * 0.05;
      while (x < w + unit * 0.05) {
        const tall = h * (0.12 + t * 0.2) * (0.6 + next() * 0.6);
        const half = tall * (0.18 + next() * 0.06);
        // A pine: three stacked triangles and a trunk.
        for (let k = 0; k < 3; k++)
          c.spike(x, ground - tall + (k * tall) / 4, ground - tall / 6 + (k * tall) / 4.5, half * (0.6 + k * 0.25), color);
        c.rect(x - half * 0.08, ground - tall * 0.15, half * 0.16, tall * 0.2, color);
        x += half * (1 + next() * 1.4);
      }
    }
  },

  dunes(c, next, hue) {
    const { width: w, height: h } = c;
    const unit = Math.min(w, h);
    c.gradient((t) => along([hsl(hue + 200, 0.6, 0.45), hsl(hue + 190, 0.5, 0.7), hsl(hue + 40, 0.7, 0.85)], t / 0.6));
    const sun = [w * (0.2 + next() * 0.6), h * (0.2 + next() * 0.15)];
    c.glow(sun[0], sun[1], unit * 0.4, [255, 250, 230], 0.5);
    c.disc(sun[0], sun[1], unit * 0.09, [255, 252, 240]);
    for (let i = 0; i < 5; i++) {
      const t = i / 4;
      const top = ridge(next, w, h * (0.58 + t * 0.32), h * (0.16 - t * 0.06));
      const light = hsl(22 + hue / 18, 0.7, 0.72 - t * 0.25); // sand: warm whatever the sky
      const dark = hsl(10 + hue / 18, 0.55, 0.42 - t * 0.2);
      // The side of each dune away from the sun is in shade, the more the steeper it is.
      c.below(top, light);
      const away = sun[0] < w / 2 ? 1 : -1;
      const depth = h * 0.12;
      for (let x = 0; x < w; x++) {
        const shade = clamp01(away * (top(x + 1) - top(x)) * (w / h) * 1.2) * 0.85;
        if (shade <= 0) continue;
        const edge = top(x + 0.5);
        for (let y = Math.max(0, Math.floor(edge)); y < Math.min(h, edge + depth); y++)
          c.blend(x, y, dark, clamp01(y + 1 - edge) * (1 - (y - edge) / depth) * shade);
      }
    }
  },

  shapes(c, next, hue) {
    const { width: w, height: h } = c;
    const unit = Math.min(w, h);
    const palette = [
      hsl(hue, 0.75, 0.55),
      hsl(hue + 150, 0.6, 0.45),
      hsl(hue + 45, 0.9, 0.6),
      hsl(hue + 210, 0.55, 0.3),
      [245, 238, 222],
    ];
    c.gradient((t) => mix(hsl(hue + 200, 0.35, 0.14), hsl(hue + 220, 0.4, 0.22), t));
    for (let i = 0; i < 7; i++) {
      const color = palette[Math.floor(next() * palette.length)];
      const r = unit * (0.12 + next() * 0.35);
      const [x, y] = [w * next(), h * next() * 0.8];
      if (next() < 0.55) c.disc(x, y, r, color, 0.92);
      else {
        // Concentric rings.
        for (let k = 4; k > 0; k--) c.disc(x, y, (r * k) / 4, k % 2 ? color : palette[(i + 2) % palette.length], 0.92);
      }
    }
    // Diagonal stripes across the bottom.
    const stripe = palette[Math.floor(next() * 3)];
    for (let y = Math.floor(h * 0.62); y < h; y++) {
      for (let x = 0; x < w; x++) if (Math.floor((x + y) / (unit * 0.06)) % 2 === 0) c.blend(x, y, stripe, 0.85);
    }
  },
};

/** The scene for a title with these genres (its first one that has a scene), or one picked by `seed`. */
const GENRE_SCENES = {
  "Science Fiction": "planet",
  Action: "city",
  Crime: "city",
  Thriller: "city",
  Horror: "forest",
  Mystery: "forest",
  Fantasy: "forest",
  Adventure: "dunes",
  Documentary: "mountains",
  Drama: "mountains",
  Romance: "sea",
  Comedy: "shapes",
  Animation: "shapes",
};
const SCENE_NAMES = Object.keys(SCENES);

function sceneFor(genres, seed) {
  for (const genre of genres ?? []) if (GENRE_SCENES[genre]) return GENRE_SCENES[genre];
  return SCENE_NAMES[seed % SCENE_NAMES.length];
}

// ---------------------------------------------------------------------------------------------
// The stroke font. Glyphs are polylines on a grid 10 units tall (y down, 0 at the cap line,
// 10 at the baseline); `w` is the advance before spacing. Curves are arcs turned into points.

/** Points along an ellipse arc around (cx, cy), angles in degrees counter-clockwise from +x. */
function arc(cx, cy, rx, ry, from, to, steps = Math.max(6, Math.ceil(Math.abs(to - from) / 12))) {
  return Array.from({ length: steps + 1 }, (_, i) => {
    const t = ((from + ((to - from) * i) / steps) * Math.PI) / 180;
    return [cx + rx * Math.cos(t), cy - ry * Math.sin(t)];
  });
}
const dot = (x, y) => [
  [x, y],
  [x, y],
];

// biome-ignore format: one glyph a line reads better than the formatter's one point a line
const GLYPHS = {
  A: { w: 7, s: [[[0, 10], [3.5, 0], [7, 10]], [[1.3, 6.4], [5.7, 6.4]]] },
  B: { w: 6, s: [[[0, 5], [0, 0], [3.4, 0], ...arc(3.4, 2.5, 2.4, 2.5, 90, -90), [0, 5], [3.6, 5], ...arc(3.6, 7.5, 2.6, 2.5, 90, -90), [0, 10], [0, 5]]] },
  C: { w: 6.6, s: [arc(3.8, 5, 3.8, 5, 42, 318)] },
  D: { w: 6.6, s: [[[0, 0], [2.4, 0], ...arc(2.4, 5, 4.2, 5, 90, -90), [0, 10], [0, 0]]] },
  E: { w: 5.6, s: [[[5.6, 0], [0, 0], [0, 10], [5.6, 10]], [[0, 5], [4.4, 5]]] },
  F: { w: 5.4, s: [[[5.4, 0], [0, 0], [0, 10]], [[0, 5], [4.3, 5]]] },
  G: { w: 7, s: [[...arc(3.8, 5, 3.8, 5, 45, 360), [4.2, 5]]] },
  H: { w: 6.4, s: [[[0, 0], [0, 10]], [[6.4, 0], [6.4, 10]], [[0, 5], [6.4, 5]]] },
  I: { w: 0, s: [[[0, 0], [0, 10]]] },
  J: { w: 5, s: [[[5, 0], [5, 7.4], ...arc(2.5, 7.4, 2.5, 2.6, 0, -180)]] },
  K: { w: 6, s: [[[0, 0], [0, 10]], [[6, 0], [0, 6.2]], [[2.1, 4], [6.2, 10]]] },
  L: { w: 5.2, s: [[[0, 0], [0, 10], [5.2, 10]]] },
  M: { w: 8, s: [[[0, 10], [0, 0], [4, 7.4], [8, 0], [8, 10]]] },
  N: { w: 6.6, s: [[[0, 10], [0, 0], [6.6, 10], [6.6, 0]]] },
  O: { w: 8, s: [arc(4, 5, 4, 5, 0, 360, 36)] },
  P: { w: 6, s: [[[0, 10], [0, 0], [3.2, 0], ...arc(3.2, 2.8, 2.8, 2.8, 90, -90), [0, 5.6]]] },
  Q: { w: 8, s: [arc(4, 5, 4, 5, 0, 360, 36), [[4.6, 6.8], [8.2, 10.4]]] },
  R: { w: 6.2, s: [[[0, 10], [0, 0], [3.2, 0], ...arc(3.2, 2.8, 2.8, 2.8, 90, -90), [0, 5.6]], [[3, 5.6], [6.2, 10]]] },
  S: { w: 6, s: [[...arc(3, 2.5, 2.9, 2.5, 25, 270), ...arc(3, 7.5, 3.1, 2.5, 90, -155)]] },
  T: { w: 7, s: [[[0, 0], [7, 0]], [[3.5, 0], [3.5, 10]]] },
  U: { w: 6.4, s: [[[0, 0], [0, 6.8], ...arc(3.2, 6.8, 3.2, 3.2, 180, 360), [6.4, 0]]] },
  V: { w: 7, s: [[[0, 0], [3.5, 10], [7, 0]]] },
  W: { w: 10, s: [[[0, 0], [2.5, 10], [5, 2.2], [7.5, 10], [10, 0]]] },
  X: { w: 6.6, s: [[[0, 0], [6.6, 10]], [[6.6, 0], [0, 10]]] },
  Y: { w: 7, s: [[[0, 0], [3.5, 5.2], [7, 0]], [[3.5, 5.2], [3.5, 10]]] },
  Z: { w: 6.4, s: [[[0, 0], [6.4, 0], [0, 10], [6.4, 10]]] },
  0: { w: 6, s: [arc(3, 5, 3, 5, 0, 360, 32)] },
  1: { w: 3, s: [[[0, 2.2], [2.6, 0], [2.6, 10]]] },
  2: { w: 6, s: [[...arc(3, 3, 3, 3, 155, -38), [0, 10], [6, 10]]] },
  3: { w: 6, s: [[...arc(3, 2.5, 2.7, 2.5, 150, -90), ...arc(3, 7.5, 3, 2.5, 90, -150)]] },
  4: { w: 6.4, s: [[[4.6, 10], [4.6, 0], [0, 7], [6.4, 7]]] },
  5: { w: 6, s: [[[5.6, 0], [1, 0], [0.8, 4.7], ...arc(3, 6.9, 3, 3.1, 135, -150)]] },
  6: { w: 6, s: [arc(3, 7, 3, 3, 0, 360, 28), arc(5.2, 7, 5.2, 7, 180, 102)] },
  7: { w: 6, s: [[[0, 0], [6, 0], [2, 10]]] },
  8: { w: 6, s: [arc(3, 2.5, 2.5, 2.5, 0, 360, 24), arc(3, 7.3, 3, 2.7, 0, 360, 28)] },
  9: { w: 6, s: [arc(3, 3, 3, 3, 0, 360, 28), arc(0.8, 3, 5.2, 7, 0, -78)] },
  "&": { w: 7, s: [[[7, 10], [1.3, 3.9], ...arc(2.8, 2.3, 1.9, 2.1, 225, -45), [0.9, 6.6], ...arc(2.9, 7.8, 2.3, 2.2, 150, -40), [6.6, 5.6]]] },
  "-": { w: 4, s: [[[0, 6], [4, 6]]] },
  ".": { w: 0, s: [dot(0, 9.8)] },
  ",": { w: 0.6, s: [[[0.6, 9.6], [-0.2, 11.6]]] },
  ":": { w: 0, s: [dot(0, 3.6), dot(0, 9.8)] },
  "'": { w: 0, s: [[[0, 0], [0, 3]]] },
  "!": { w: 0, s: [[[0, 0], [0, 6.8]], dot(0, 9.8)] },
  "?": { w: 5, s: [[...arc(2.5, 2.6, 2.5, 2.6, 160, -60), [2.5, 6.8]], dot(2.5, 9.8)] },
  "/": { w: 5, s: [[[5, 0], [0, 10]]] },
  "·": { w: 0, s: [dot(0, 5.5)] },
};
const SPACE = 4.2;
const GAP = 2.4; // between letters, in units

/** Text the font can draw: accents folded, capitals, anything else a space. */
export function foldText(text) {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[Łł]/g, "L")
    .replace(/[Øø]/g, "O")
    .replace(/ß/g, "SS")
    .replace(/[Ææ]/g, "AE")
    .replace(/[‘’]/g, "'")
    .toUpperCase()
    .replace(/[^A-Z0-9&\-.,:'!?/· ]/g, " ");
}

/** Width in units of `text` (already folded), `tracking` extra units between letters. */
function measure(text, tracking = 0) {
  let width = 0;
  for (const [i, ch] of [...text].entries()) {
    width += ch === " " ? SPACE : GLYPHS[ch].w;
    if (i > 0) width += GAP + tracking;
  }
  return width;
}

/**
 * Draws folded `text` with its left end at x and its cap line at y, `size` pixels tall: a fill
 * of `color` over an outline of `shadow` (for legibility on any scene). Each pixel's distance to
 * the nearest stroke decides how much of the fill and of the outline covers it.
 */
function drawText(c, text, { x, y, size, weight = 0.075, tracking = 0, color, shadow, shadowAlpha = 0.55 }) {
  const s = size / 10;
  const half = size * weight;
  const outline = half + Math.max(1.5, size * 0.05);
  const reach = outline + 1;
  let at = x + half;
  const segments = [];
  for (const ch of text) {
    const glyph = ch === " " ? { w: SPACE, s: [] } : GLYPHS[ch];
    for (const stroke of glyph.s) {
      for (let i = 0; i + 1 < stroke.length; i++) {
        segments.push(at + stroke[i][0] * s, y + stroke[i][1] * s, at + stroke[i + 1][0] * s, y + stroke[i + 1][1] * s);
      }
    }
    at += (glyph.w + GAP + tracking) * s;
  }
  const x0 = Math.max(0, Math.floor(x - reach));
  const x1 = Math.min(c.width, Math.ceil(at + reach));
  const y0 = Math.max(0, Math.floor(y - reach));
  const y1 = Math.min(c.height, Math.ceil(y + size * 1.2 + reach));
  const w = x1 - x0;
  if (w <= 0 || y1 <= y0) return;
  // The squared distance of each pixel in the text's box to the nearest stroke, one segment at a time.
  const far = reach * reach;
  const dist = new Float32Array(w * (y1 - y0)).fill(far);
  for (let k = 0; k < segments.length; k += 4) {
    const [ax, ay, bx, by] = [segments[k], segments[k + 1], segments[k + 2], segments[k + 3]];
    const dx = bx - ax;
    const dy = by - ay;
    const len = dx * dx + dy * dy;
    const sx0 = Math.max(x0, Math.floor(Math.min(ax, bx) - reach));
    const sx1 = Math.min(x1, Math.ceil(Math.max(ax, bx) + reach));
    const sy1 = Math.min(y1, Math.ceil(Math.max(ay, by) + reach));
    for (let py = Math.max(y0, Math.floor(Math.min(ay, by) - reach)); py < sy1; py++) {
      const qy = py + 0.5;
      const row = (py - y0) * w - x0;
      for (let px = sx0; px < sx1; px++) {
        const qx = px + 0.5;
        const t = len === 0 ? 0 : clamp01(((qx - ax) * dx + (qy - ay) * dy) / len);
        const ex = ax + t * dx - qx;
        const ey = ay + t * dy - qy;
        const d = ex * ex + ey * ey;
        if (d < dist[row + px]) dist[row + px] = d;
      }
    }
  }
  for (let py = y0; py < y1; py++) {
    for (let px = x0; px < x1; px++) {
      const d2 = dist[(py - y0) * w + px - x0];
      if (d2 >= far) continue;
      const d = Math.sqrt(d2);
      c.blend(px, py, shadow, clamp01(outline - d + 0.5) * shadowAlpha);
      c.blend(px, py, color, clamp01(half - d + 0.5));
    }
  }
}

/**
 * Splits `words` into at most `maxLines` lines no wider than `maxWidth` pixels at cap height
 * `size`; undefined when they do not fit.
 */
function wrap(words, size, maxWidth, maxLines, tracking) {
  const fits = (line) => measure(line, tracking) * (size / 10) + size * 0.2 <= maxWidth;
  const lines = [];
  for (const word of words) {
    const last = lines.at(-1);
    if (last !== undefined && fits(`${last} ${word}`)) lines[lines.length - 1] = `${last} ${word}`;
    else if (fits(word)) lines.push(word);
    else return undefined;
  }
  return lines.length <= maxLines ? lines : undefined;
}

// ---------------------------------------------------------------------------------------------
// PNG

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * An 8-bit RGB PNG of `width` x `height` pixels. Each row is stored with the PNG filter (Sub,
 * Up or Paeth) whose output has the smallest magnitude, the usual heuristic: on gradients and
 * flat shapes that leaves long runs of zeros for zlib (at level 6: 9 takes twice as long for a
 * few percent).
 */
export function encodePng(width, height, rgb) {
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    const up = row - stride;
    const at = y * (stride + 1) + 1;
    // The cost of each filter: the sum of its outputs' magnitudes (as signed bytes), estimated
    // from every 7th byte (7 is prime to 3, so every channel counts): a fraction of the work, and
    // rows of these pictures are alike enough along their length.
    let sub = 0;
    let above = 0;
    let paeth = 0;
    for (let i = 0; i < stride; i += 7) {
      const v = rgb[row + i];
      const a = i >= 3 ? rgb[row + i - 3] : 0;
      const b = y > 0 ? rgb[up + i] : 0;
      const c = i >= 3 && y > 0 ? rgb[up + i - 3] : 0;
      const pa = b > c ? b - c : c - b; // |p - a| with p = a + b - c
      const pb = a > c ? a - c : c - a;
      const pc = a + b - 2 * c > 0 ? a + b - 2 * c : 2 * c - a - b;
      const predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const s = (v - a) & 0xff;
      const u = (v - b) & 0xff;
      const q = (v - predicted) & 0xff;
      sub += s < 128 ? s : 256 - s;
      above += u < 128 ? u : 256 - u;
      paeth += q < 128 ? q : 256 - q;
    }
    const filter = above <= sub && above <= paeth ? 2 : sub <= paeth ? 1 : 4;
    raw[at - 1] = filter;
    for (let i = 0; i < stride; i++) {
      const v = rgb[row + i];
      const a = i >= 3 ? rgb[row + i - 3] : 0;
      const b = y > 0 ? rgb[up + i] : 0;
      if (filter === 1) raw[at + i] = v - a;
      else if (filter === 2) raw[at + i] = v - b;
      else {
        const c = i >= 3 && y > 0 ? rgb[up + i - 3] : 0;
        const pa = b > c ? b - c : c - b;
        const pb = a > c ? a - c : c - a;
        const pc = a + b - 2 * c > 0 ? a + b - 2 * c : 2 * c - a - b;
        raw[at + i] = v - (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 6 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Posters and backdrops

function paintScene(width, height, { title, genres }) {
  const seed = seedOf(title);
  const next = random(seed);
  const hue = next() * 360;
  const c = canvas(width, height);
  SCENES[sceneFor(genres, seed)](c, next, hue);
  return { c, hue };
}

/**
 * A poster (400x600 by default) for `{ title, year, genres }`: the title's scene with the
 * title in large letters and the year under it. Resolves to PNG bytes.
 */
export function posterPng({ title, year, genres }, { width = 400, height = 600 } = {}) {
  const { c, hue } = paintScene(width, height, { title, genres });
  const words = foldText(title).split(/\s+/).filter(Boolean);
  const margin = width * 0.08;
  const maxWidth = width - 2 * margin;
  const tracking = 0.6;
  let size = Math.round(width * 0.17);
  let lines = wrap(words, size, maxWidth, 3, tracking);
  while (!lines && size > 12) lines = wrap(words, --size, maxWidth, 3, tracking);
  lines ??= [words.join(" ")];
  const leading = size * 1.32;
  const yearSize = Math.round(Math.max(12, width * 0.045));
  const block = lines.length * leading - (leading - size) + yearSize * 2.2;
  const top = height - margin * 1.1 - block;
  c.scrim(Math.max(0, (top - size) / height - 0.12), [8, 6, 14], 0.82);
  const ink = [250, 247, 240];
  const shadow = [10, 8, 18];
  for (const [i, line] of lines.entries()) {
    const w = measure(line, tracking) * (size / 10) + size * 0.15;
    drawText(c, line, { x: (width - w) / 2, y: top + i * leading, size, tracking, color: ink, shadow });
  }
  if (year) {
    const text = String(year);
    const yearTracking = 3;
    const w = measure(text, yearTracking) * (yearSize / 10);
    const y = top + lines.length * leading - (leading - size) + yearSize * 1.2;
    const accent = hsl(hue + 40, 0.85, 0.72);
    drawText(c, text, { x: (width - w) / 2, y, size: yearSize, weight: 0.09, tracking: yearTracking, color: accent, shadow });
    const rule = width * 0.12;
    c.rect((width - w) / 2 - rule - yearSize, y + yearSize / 2 - 1, rule, 2, accent, 0.8);
    c.rect((width + w) / 2 + yearSize, y + yearSize / 2 - 1, rule, 2, accent, 0.8);
  }
  return encodePng(width, height, c.data);
}

/** A backdrop (1280x720 by default) for `{ title, genres }`: the poster's scene, wide, without text. */
export function backdropPng({ title, genres }, { width = 1280, height = 720 } = {}) {
  const { c } = paintScene(width, height, { title, genres });
  return encodePng(width, height, c.data);
}

/** A square portrait (256x256 by default) for a person: their initials on a gradient of their own colour. */
export function portraitPng({ name }, { size = 256 } = {}) {
  const next = random(seedOf(name));
  const hue = next() * 360;
  const c = canvas(size, size);
  c.gradient((t) => mix(hsl(hue, 0.45, 0.5), hsl(hue + 40, 0.5, 0.22), t));
  c.glow(size * 0.3, size * 0.25, size * 0.8, hsl(hue - 20, 0.7, 0.7), 0.35);
  const initials = foldText(name)
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word[0])
    .filter((ch) => GLYPHS[ch])
    .slice(0, 2)
    .join("");
  const letters = size * 0.36;
  const w = measure(initials, 1) * (letters / 10) + letters * 0.15;
  drawText(c, initials, {
    x: (size - w) / 2,
    y: (size - letters) / 2,
    size: letters,
    tracking: 1,
    weight: 0.08,
    color: [250, 247, 240],
    shadow: [10, 8, 18],
    shadowAlpha: 0.35,
  });
  return encodePng(size, size, c.data);
}

// ---------------------------------------------------------------------------------------------
// The demo catalog's artwork, cached

const CACHE = new URL("../.wrangler/demo-artwork/", import.meta.url);
/** Changes whenever this file does, so changed drawing code draws again. */
const VERSION = createHash("sha256")
  .update(readFileSync(new URL(import.meta.url)))
  .digest("hex")
  .slice(0, 12);

/**
 * `{ poster, backdrop }` PNG bytes for `{ title, year, genres }`. Drawing the whole demo catalog
 * takes seconds, so each pair is kept in .wrangler/demo-artwork/ under a name that carries this
 * file's hash and the title's: a later seed (a new state directory, a test run) reads them back.
 */
export function demoArtwork(spec) {
  const key = createHash("sha256")
    .update(JSON.stringify([spec.title, spec.year ?? null, spec.genres ?? []]))
    .digest("hex")
    .slice(0, 16);
  const name = (kind) => new URL(`${VERSION}-${key}-${kind}.png`, CACHE);
  const files = { poster: name("poster"), backdrop: name("backdrop") };
  if (existsSync(files.poster) && existsSync(files.backdrop))
    return { poster: readFileSync(files.poster), backdrop: readFileSync(files.backdrop) };
  const art = { poster: posterPng(spec), backdrop: backdropPng(spec) };
  try {
    mkdirSync(CACHE, { recursive: true });
    for (const kind of ["poster", "backdrop"]) {
      // Written under a temporary name and renamed, so a reader never sees half a file.
      const temp = new URL(`${VERSION}-${key}-${kind}.${process.pid}.tmp`, CACHE);
      writeFileSync(temp, art[kind]);
      renameSync(temp, files[kind]);
    }
  } catch {
    // No cache (a read-only tree): the next seed draws them again.
  }
  return art;
}

/** Removes cached artwork an earlier version of this file drew. */
export function pruneArtworkCache() {
  try {
    for (const name of readdirSync(CACHE)) if (!name.startsWith(`${VERSION}-`)) rmSync(new URL(name, CACHE), { force: true });
  } catch {
    // nothing cached
  }
}

/**
 * A worker thread that draws: `draw(spec)` resolves like `demoArtwork(spec)` and `portrait(name)`
 * like `portraitPng({ name })`, while the seed's requests go on in the main thread. Requests are
 * served in order; `close()` ends the thread.
 */
export function artworkWorker() {
  const worker = new Worker(new URL(import.meta.url), { workerData: { role: "artwork" } });
  const pending = new Map();
  let next = 0;
  const failAll = (err) => {
    for (const { reject } of pending.values()) reject(err);
    pending.clear();
  };
  worker.on("message", ({ id, result, error }) => {
    const request = pending.get(id);
    pending.delete(id);
    if (error) request?.reject(new Error(error));
    else request?.resolve(result);
  });
  worker.on("error", failAll);
  worker.on("exit", () => failAll(new Error("the artwork worker stopped")));
  const call = (op, arg) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, arg });
    });
  return {
    draw: (spec) => call("artwork", spec),
    portrait: (name) => call("portrait", name),
    close: () => worker.terminate(),
  };
}

if (!isMainThread && workerData?.role === "artwork") {
  parentPort.on("message", ({ id, op, arg }) => {
    try {
      parentPort.postMessage({ id, result: op === "portrait" ? portraitPng({ name: arg }) : demoArtwork(arg) });
    } catch (err) {
      parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
    }
  });
}
