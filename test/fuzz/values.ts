import type { Rng } from "./prng";

/** The slice of JSON Schema (as @hono/zod-openapi writes it) that the generator reads. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  additionalProperties?: boolean | JsonSchema;
}

export type Components = Record<string, JsonSchema>;

/** Strings that break naive handling: unicode edge cases, control characters, injection shapes. */
export const HOSTILE_STRINGS: readonly string[] = [
  "",
  " ",
  "NaN",
  "Infinity",
  "-Infinity",
  "null",
  "undefined",
  "true",
  "0",
  "-1",
  "1e309",
  "9007199254740993",
  "\u0000",
  "a\u0000b",
  "\u202Eevil\u202C", // right-to-left override
  "مرحبا بالعالم", // RTL script
  "e\u0301\u0301\u0301\u0301\u0301\u0301", // stacked combining marks
  "\uD800", // lone high surrogate
  "x\uDC00y", // lone low surrogate
  "😀👩‍👩‍👧‍👦",
  "\uFEFF\u200B\u200D",
  "../../../etc/passwd",
  "%2e%2e%2f%2e%2e%2f",
  "%00",
  "%",
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  "<script>alert(1)</script>",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as it is
  "${7*7}{{7*7}}",
  "__proto__",
  "constructor",
  "\r\nX-Injected: 1",
  "2026-13-45T99:99:99Z",
  "not-an-email@",
];

export const HOSTILE_NUMBERS: readonly number[] = [
  0,
  -1,
  -0.5,
  0.5,
  1.5,
  -2147483649,
  2147483648,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  1e308,
  -1e308,
  5e-324,
];

/** A huge string: mostly over every documented maxLength, sometimes megabytes. */
export function hugeString(rng: Rng): string {
  return rng.pick(["a", "é", "😀", "\u0000", "/"]).repeat(rng.pick([257, 1_025, 10_001, 100_001, 1_048_577]));
}

/** A value of some other JSON type, hostile in itself. */
export function hostileValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(0, 11)) {
    case 0:
    case 1:
    case 2:
      return rng.pick(HOSTILE_STRINGS);
    case 3:
    case 4:
      return rng.pick(HOSTILE_NUMBERS);
    case 5:
      return hugeString(rng);
    case 6:
      return rng.pick([true, false, null]);
    case 7:
      return depth > 2 ? [] : Array.from({ length: rng.pick([0, 1, 3, 1_001, 10_001]) }, () => rng.pick(HOSTILE_STRINGS));
    case 8:
      return depth > 2 ? {} : { [rng.pick(HOSTILE_STRINGS)]: hostileValue(rng, depth + 1), __proto__x: 1 };
    case 9:
      return deepNest(rng.pick([50, 500, 5_000]));
    case 10:
      return rng.pick([{}, [], [[]], [null]]);
    default:
      return String(rng.pick(HOSTILE_NUMBERS));
  }
}

function deepNest(depth: number): unknown {
  let value: unknown = "x";
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

function resolve(schema: JsonSchema | undefined, components: Components): JsonSchema {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 10; i++) s = components[s.$ref.replace("#/components/schemas/", "")] ?? {};
  return s;
}

/** A value that should pass `schema` (as far as JSON Schema says), to mutate one part of. */
export function validValue(schema: JsonSchema | undefined, components: Components, rng: Rng, depth = 0): unknown {
  const s = resolve(schema, components);
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return rng.pick(s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return validValue(rng.pick(alternatives), components, rng, depth);
  if (s.allOf?.length) {
    return Object.assign({}, ...s.allOf.map((part) => validValue(part, components, rng, depth) as object));
  }
  const type = Array.isArray(s.type) ? (s.type.find((t) => t !== "null") ?? "null") : s.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(s.properties ?? {})) {
        if (depth < 4 && (s.required?.includes(key) || rng.chance(0.5))) out[key] = validValue(prop, components, rng, depth + 1);
      }
      return out;
    }
    case "array": {
      const n = Math.max(s.minItems ?? 0, depth < 4 ? rng.int(0, 2) : 0);
      return Array.from({ length: Math.min(n, s.maxItems ?? n) }, () => validValue(s.items, components, rng, depth + 1));
    }
    case "integer":
    case "number": {
      const min = s.minimum ?? 0;
      const max = s.maximum ?? min + 10;
      return type === "integer" ? rng.int(Math.ceil(min), Math.floor(Math.min(max, min + 1000))) : min + (max - min) * rng.next();
    }
    case "boolean":
      return rng.chance(0.5);
    case "null":
      return null;
    default: {
      if (s.format === "email") return `fuzz${rng.int(0, 1e9)}@example.com`;
      if (s.format === "date-time") return "2027-01-01T10:00:00.000Z";
      if (s.format === "date") return "2027-01-01";
      if (s.format === "uri" || s.format === "url") return "https://example.com/x";
      if (s.format === "uuid") return "00000000-0000-4000-8000-000000000000";
      const length = Math.max(s.minLength ?? 1, Math.min(s.maxLength ?? 12, 12));
      return "fuzz".repeat(Math.ceil(length / 4)).slice(0, length);
    }
  }
}

/** Replaces one randomly chosen part of `value` (or all of it) with a hostile value, or drops or adds a key. */
export function mutate(value: unknown, rng: Rng): unknown {
  if (value === null || typeof value !== "object" || rng.chance(0.15)) return hostileValue(rng);
  if (Array.isArray(value)) {
    if (value.length === 0 || rng.chance(0.3)) return [...value, hostileValue(rng)];
    const i = rng.int(0, value.length - 1);
    return value.map((item, j) => (j === i ? mutate(item, rng) : item));
  }
  const record = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(record);
  const roll = rng.next();
  if (keys.length === 0 || roll < 0.15) {
    record[rng.pick(["extra", "role", "id", "userId", "isAdmin", "__proto__", rng.pick(HOSTILE_STRINGS)])] = hostileValue(rng);
  } else if (roll < 0.3) {
    delete record[rng.pick(keys)];
  } else {
    const key = rng.pick(keys);
    record[key] = mutate(record[key], rng);
  }
  return record;
}

/** Path-parameter values, already percent-encoded as they go on the wire. */
export const HOSTILE_PATH_VALUES: readonly string[] = [
  "..",
  "%2e%2e",
  "..%2f..%2fetc%2fpasswd",
  "%2e%2e%2f%2e%2e%2f",
  "a%2fb",
  "%2F",
  "%00",
  "a%00b",
  "%",
  "%E0%A4%A",
  "%ZZ",
  "%C0%AF",
  "%ED%A0%80", // an encoded lone surrogate
  "%E2%80%AE",
  "NaN",
  "Infinity",
  "-1",
  "0",
  "1e308",
  "99999999999999999999999",
  "null",
  "%20",
  "'%20OR%201%3D1",
  "%3Cscript%3E",
  "x".repeat(65),
  "x".repeat(4_096),
  "01HZZZZZZZZZZZZZZZZZZZZZZZ",
  "%F0%9F%98%80",
];

/** Query values: the same hostile set, encoded, plus boundary numbers. */
export function hostileQueryValue(rng: Rng): string {
  if (rng.chance(0.1)) return encodeURIComponent(hugeString(rng).slice(0, 20_000));
  if (rng.chance(0.2)) return rng.pick(["%", "%E0%A4%A", "%00", "%ZZ", "%ED%A0%80", "a%26b%3Dc", ""]);
  if (rng.chance(0.4)) return encodeURIComponent(String(rng.pick(HOSTILE_NUMBERS)));
  const s = rng.pick(HOSTILE_STRINGS);
  try {
    return encodeURIComponent(s);
  } catch {
    return "%ED%A0%80"; // a lone surrogate cannot be URI-encoded; send its bytes instead
  }
}
