import type { Rng } from "./prng";
import {
  type Components,
  HOSTILE_PATH_VALUES,
  hostileQueryValue,
  hostileValue,
  hugeString,
  type JsonSchema,
  mutate,
  validValue,
} from "./values";

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  method: string;
  /** "/api/titles/{id}" */
  template: string;
  parameters: Parameter[];
  bodyTypes: Record<string, JsonSchema | undefined>;
  secured: boolean;
}

export interface OpenApiDocument {
  servers?: { url: string }[];
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
        security?: unknown[];
      }
    >
  >;
  components?: { schemas?: Components };
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const base = doc.servers?.[0]?.url ?? "";
  const list: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      list.push({
        method: method.toUpperCase(),
        template: `${base}${path}`,
        parameters: op.parameters ?? [],
        bodyTypes: Object.fromEntries(Object.entries(op.requestBody?.content ?? {}).map(([type, c]) => [type, c.schema])),
        secured: Boolean(op.security?.length),
      });
    }
  }
  return list.sort((a, b) => `${a.template} ${a.method}`.localeCompare(`${b.template} ${b.method}`));
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** What was sent, short enough for a failure message. */
  summary: string;
}

const MALFORMED_JSON = [
  "{",
  '{"a":',
  "[1,2",
  "nul",
  "{'a': 1}",
  '{"a":1}garbage',
  '{"a":1,}',
  "\u0000",
  "\uFEFF{}",
  '{"a":"\\ud800"}',
  '{"a":1e99999}',
  '{"__proto__":{"admin":true}}',
  "[".repeat(10_000),
];
const WRONG_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "multipart/form-data; boundary=x",
  "application/xml",
  "application/json; charset=utf-16",
  "application/jsonx",
  "",
];

function pathValue(param: Parameter, components: Components, rng: Rng): string {
  if (rng.chance(0.8)) return rng.pick(HOSTILE_PATH_VALUES);
  return encodeURIComponent(String(validValue(param.schema, components, rng)));
}

/** One hostile request for `op`. */
export function buildRequest(op: Operation, components: Components, rng: Rng, origin: string): FuzzRequest {
  let path = op.template;
  for (const param of op.parameters.filter((p) => p.in === "path")) {
    path = path.replace(`{${param.name}}`, pathValue(param, components, rng));
  }
  const query: string[] = [];
  for (const param of op.parameters.filter((p) => p.in === "query")) {
    if (rng.chance(0.3)) continue;
    const good = () => encodeURIComponent(String(validValue(param.schema, components, rng)));
    const value = rng.chance(0.6) ? hostileQueryValue(rng) : good();
    query.push(`${param.name}=${value}`);
    // Duplicated keys: the same name twice, with different values.
    if (rng.chance(0.25)) query.push(`${param.name}=${rng.chance(0.5) ? good() : hostileQueryValue(rng)}`);
  }
  if (rng.chance(0.2)) query.push(`${rng.pick(["extra", "__proto__", "limit", "cursor", "%00"])}=${hostileQueryValue(rng)}`);
  const url = `${origin}${path}${query.length ? `?${query.join("&")}` : ""}`;

  const headers: Record<string, string> = {};
  for (const param of op.parameters.filter((p) => p.in === "header")) {
    if (rng.chance(0.5)) headers[param.name] = rng.pick(["", "x".repeat(2_000), "NaN", "-1", "a b\tc", "%00"]);
  }
  let body: string | Uint8Array | undefined;
  let how = "no body";
  const types = Object.keys(op.bodyTypes);
  if (op.method !== "GET" && (types.length > 0 || rng.chance(0.1))) {
    const documented = types[0] ?? "application/json";
    const schema = op.bodyTypes[documented];
    const roll = rng.int(0, 9);
    if (roll <= 3) {
      headers["content-type"] = documented;
      body = JSON.stringify(mutate(validValue(schema, components, rng), rng));
      how = "mutated body";
    } else if (roll === 4) {
      headers["content-type"] = documented;
      body = JSON.stringify(rng.chance(0.5) ? {} : hostileValue(rng));
      how = "missing fields or wrong root type";
    } else if (roll <= 6) {
      headers["content-type"] = rng.pick(["application/json", documented]);
      body = rng.pick(MALFORMED_JSON);
      how = "malformed JSON";
    } else if (roll === 7) {
      const type = rng.pick(WRONG_TYPES);
      if (type) headers["content-type"] = type;
      body = rng.chance(0.5) ? JSON.stringify(validValue(schema, components, rng)) : "a=1&b=2";
      how = `wrong content type ${JSON.stringify(type)}`;
    } else if (roll === 8) {
      headers["content-type"] = documented;
      how = "empty body";
      body = rng.chance(0.5) ? "" : undefined;
    } else {
      headers["content-type"] = documented;
      body = rng.chance(0.5)
        ? JSON.stringify({ ...(validValue(schema, components, rng) as object), extra: hugeString(rng) })
        : new Uint8Array(Array.from({ length: 2_048 }, (_, i) => (i * 131 + 7) & 0xff));
      how = "huge or binary body";
    }
  }
  const shown = typeof body === "string" ? body.slice(0, 160) : body ? `<${body.byteLength} bytes>` : "";
  return {
    method: op.method,
    url,
    headers,
    body,
    summary: `${op.method} ${url.slice(origin.length, origin.length + 300)} [${how}] ${headers["content-type"] ?? ""} ${shown}`,
  };
}
