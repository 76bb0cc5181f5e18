/** 754 → "12:34", 3725 → "1:02:05": a position or a duration in a player. */
export function clock(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** 5400 → "1 h 30 min", 42 → "1 min": a runtime. */
export function runtime(minutesOrSeconds: number, unit: "minutes" | "seconds" = "minutes"): string {
  const minutes = Math.max(1, Math.round(unit === "seconds" ? minutesOrSeconds / 60 : minutesOrSeconds));
  const h = Math.floor(minutes / 60);
  return h > 0 ? `${h} h ${minutes % 60 ? `${minutes % 60} min` : ""}`.trim() : `${minutes} min`;
}

/** 1536 → "1.5 KB": a file size. */
export function bytes(count: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** An ISO time as the person's locale writes a date and time. */
export const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Cents as a price ("12.50"), with the currency when asked ("12.50 EUR" in the person's locale). */
export function money(cents: number, currency?: string): string {
  const amount = cents / 100;
  if (!currency) return amount.toFixed(2);
  return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(amount);
}

/** A seat label as people say it: "E7" → "Row E, seat 7". */
export function seatName(label: string): string {
  const match = /^([A-Za-z])(\d+)$/.exec(label);
  return match ? `Row ${match[1].toUpperCase()}, seat ${match[2]}` : label;
}
