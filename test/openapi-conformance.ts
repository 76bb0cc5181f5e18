import { SELF } from "cloudflare:test";

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  literalLength: number;
  statuses: Set<string>;
  jsonStatuses: Set<string>;
}

interface OpenApiDocument {
  servers?: { url: string }[];
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>>;
}

let operations: Promise<Operation[]> | undefined;

function compile(doc: OpenApiDocument): Operation[] {
  const base = doc.servers?.[0]?.url ?? "";
  const list: Operation[] = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    const full = `${base}${template}`;
    const pattern = new RegExp(`^${full.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, "[^/]+")}$`);
    for (const [method, operation] of Object.entries(methods)) {
      const responses = operation.responses ?? {};
      list.push({
        method: method.toUpperCase(),
        template: full,
        pattern,
        literalLength: full.replace(/\{[^}]+\}/g, "").length,
        statuses: new Set(Object.keys(responses)),
        jsonStatuses: new Set(Object.keys(responses).filter((s) => responses[s].content?.["application/json"])),
      });
    }
  }
  // A literal segment wins over a parameter (`/media/shared-with-me` before `/media/{id}`).
  return list.sort((a, b) => b.literalLength - a.literalLength);
}

async function loadOperations() {
  operations ??= SELF.fetch("https://marquee.test/api/openapi.json").then(async (res) =>
    compile((await res.json()) as OpenApiDocument),
  );
  return operations;
}

// Creates whose new resource is a relation or a session, named by the path rather than an `id`.
const CREATED_WITHOUT_ID = new Set([
  "POST /api/auth/register",
  "POST /api/auth/google",
  "POST /api/users/{id}/follow",
  "POST /api/me/favorites",
  "POST /api/comments/{id}/report",
  "POST /api/media/{id}/shares",
  // Joining the loyalty programme answers the member's standing, which has no id of its own.
  "POST /api/me/loyalty",
]);

/**
 * Why `response` breaks the OpenAPI document's promise for `method path`, or null when it keeps it:
 * the status must be one the operation documents, an error must be problem+json, and a 201 carries
 * the new resource's `Location` and (a JSON body) its `id`. Requests
 * that match no documented operation (unknown paths, the docs page) are not judged here.
 */
export async function conformanceProblem(
  method: string,
  url: string,
  response: Response,
  body?: unknown,
): Promise<string | null> {
  const path = new URL(url, "https://marquee.test").pathname;
  const operation = (await loadOperations()).find((op) => op.method === method.toUpperCase() && op.pattern.test(path));
  if (!operation) return null;
  const status = String(response.status);
  const where = `${method.toUpperCase()} ${operation.template}`;
  if (!operation.statuses.has(status) && !operation.statuses.has("default")) {
    return `${where} answered ${status}, which its documented responses (${[...operation.statuses].join(", ")}) do not list`;
  }
  const type = response.headers.get("content-type") ?? "";
  if (response.status >= 400 && !type.startsWith("application/problem+json")) {
    return `${where} answered ${status} as ${type || "no content type"}, not application/problem+json`;
  }
  if (operation.jsonStatuses.has(status) && !type.includes("json")) {
    return `${where} documents JSON for ${status} but answered ${type || "no content type"}`;
  }
  if (response.status === 201) {
    if (!response.headers.get("location")?.startsWith("/api/"))
      return `${where} created something without a Location under /api/`;
    const isObject = typeof body === "object" && body !== null;
    if (isObject && !CREATED_WITHOUT_ID.has(where) && typeof (body as { id?: unknown }).id !== "string") {
      return `${where} answered 201 without the new resource's \`id\``;
    }
  }
  return null;
}
