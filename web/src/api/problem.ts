/** A problem+json answer (RFC 9457) as an Error: what the person reads is its `detail`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: { path: string; message: string }[] = [],
    readonly type = "about:blank",
    /** The problem's extension members (e.g. `checkedInAt` on a ticket already used), as the API sent them. */
    readonly body: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = "ApiError";
  }
}

type Answer = { status: number; ok: boolean; json(): Promise<unknown> };
type Success = 200 | 201 | 202;
/** The body of the answer's success statuses, as the route declares it. */
export type OkBody<R> = R extends { status: infer S; json(): Promise<infer B> } ? (S extends Success ? B : never) : never;

async function problemOf(res: Response): Promise<ApiError> {
  const type = res.headers.get("content-type") ?? "";
  if (type.includes("json")) {
    const body = (await res.json().catch(() => ({}))) as { detail?: string; title?: string; errors?: []; type?: string };
    return new ApiError(res.status, body.detail ?? body.title ?? res.statusText, body.errors ?? [], body.type, body);
  }
  return new ApiError(
    res.status,
    res.status >= 500 ? "Marquee is having trouble right now. Try again in a moment." : res.statusText,
  );
}

/**
 * Awaits a typed client call; answers its success body, or throws the API's problem as an ApiError.
 * @example const movie = await ok(api.movies[":id"].$get({ param: { id } }))
 */
export async function ok<R extends Answer>(call: Promise<R>): Promise<OkBody<R>> {
  let res: R;
  try {
    res = await call;
  } catch {
    throw new ApiError(0, "Marquee cannot be reached. Check your connection and try again.");
  }
  if (!res.ok) throw await problemOf(res as unknown as Response);
  if (res.status === 204) return undefined as OkBody<R>;
  return (await res.json()) as OkBody<R>;
}

/** What to tell the person about any error. */
export const messageOf = (error: unknown) =>
  error instanceof ApiError ? error.detail : error instanceof Error ? error.message : "Something went wrong.";
