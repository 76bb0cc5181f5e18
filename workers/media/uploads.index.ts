import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { fromBase64url, newId } from "../lib/ids";
import { assertRoomFor, maxUploadBytes } from "./upload";
import type { UploadsContract } from "./uploads.contract";
import * as routes from "./uploads.routes";

const TUS = { "tus-resumable": "1.0.0" };
const NOT_FOUND = "No such upload (it may have expired)";

/** The upload's session Durable Object, addressed by the upload id, reached through its contract. */
const session = (env: Env, id: string): DurableObjectStub<UploadsContract> =>
  env.UPLOAD_SESSIONS.get(env.UPLOAD_SESSIONS.idFromName(id));

/** tus answers 412 with the versions it speaks when a request names another one. */
const tusVersion = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.header("tus-resumable") !== "1.0.0")
    throw new ApiError("precondition_failed", "This server speaks tus 1.0.0; send Tus-Resumable: 1.0.0", {
      headers: { "tus-version": "1.0.0" },
    });
  await next();
});

/** Upload-Metadata: comma-separated `key base64value` pairs (a key alone is allowed). */
function parseMetadata(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const pair of header.split(",")) {
    const [key, value, ...rest] = pair.trim().split(" ");
    if (!key || rest.length > 0 || !/^[!-~]+$/.test(key) || (value !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(value)))
      throw new ApiError("bad_request", "Upload-Metadata must be comma-separated `key base64value` pairs");
    try {
      out[key] = value
        ? new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(
            fromBase64url(value.replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")),
          )
        : "";
    } catch {
      throw new ApiError("bad_request", `Upload-Metadata value for ${key} is not base64 UTF-8`);
    }
  }
  return out;
}

const expires = (at: number) => new Date(at).toUTCString();

function tusProblem(
  code: "conflict" | "payload_too_large" | "unsupported_media_type" | "unprocessable" | "not_found",
  detail: string,
  headers: Record<string, string> = {},
) {
  return new ApiError(code, detail, { headers: { ...TUS, ...headers } });
}

const router = createRouter();
router.use("/uploads", tusVersion);
router.use("/uploads/*", tusVersion);

// The exported router is the `.openapi(...)` chain itself, so its routes stay in its type (and in
// AppType). `.use()` stays outside the chain: chained, it widened AppType to any path.
export const uploadsRouter = router
  .openapi(routes.createUpload, async (c) => {
    const headers = c.req.valid("header");
    const userId = c.get("auth").userId;
    const metadata = parseMetadata(headers["upload-metadata"]);
    await assertRoomFor(c.env, c.get("db"), userId, headers["upload-length"]);
    const id = newId();
    const info = await session(c.env, id).create({
      id,
      ownerId: userId,
      mediaId: newId(),
      length: headers["upload-length"],
      metadataHeader: headers["upload-metadata"] ?? null,
      filename: (metadata.filename || metadata.name || "upload").slice(0, 255),
      title: metadata.title?.trim().slice(0, 200) || undefined,
    });
    const location = `${new URL(c.req.url).origin}/api/uploads/${id}`;
    return c.body(null, 201, {
      ...TUS,
      location,
      "upload-expires": expires(info.expiresAt),
      // tus discovery: Hono's CORS middleware answers every OPTIONS, so creation carries these.
      "tus-version": "1.0.0",
      "tus-extension": "creation,termination,expiration",
      "tus-max-size": String(maxUploadBytes(c.env)),
    });
  })
  .openapi(routes.headUpload, async (c) => {
    const info = await session(c.env, c.req.valid("param").id).describe(c.get("auth").userId);
    if (!info) throw tusProblem("not_found", NOT_FOUND);
    return c.body(null, 200, {
      ...TUS,
      "upload-offset": String(info.offset),
      "upload-length": String(info.length),
      "upload-expires": expires(info.expiresAt),
      "cache-control": "no-store",
      ...(info.metadataHeader ? { "upload-metadata": info.metadataHeader } : {}),
      ...(info.complete ? { "media-id": info.mediaId } : {}),
    });
  })
  .openapi(routes.patchUpload, async (c) => {
    const { id } = c.req.valid("param");
    const headers = c.req.valid("header");
    if (headers["content-type"]?.split(";")[0].trim() !== "application/offset+octet-stream")
      throw tusProblem("unsupported_media_type", "Send PATCH bodies as Content-Type: application/offset+octet-stream");
    const body = c.req.raw.body ?? new Response(new Uint8Array(0)).body;
    if (!body) throw new ApiError("bad_request", "A PATCH needs a body");
    const result = await session(c.env, id).patch(c.get("auth").userId, headers["upload-offset"], body);
    switch (result.status) {
      case "not_found":
        throw tusProblem("not_found", NOT_FOUND);
      case "conflict":
        throw tusProblem("conflict", `Upload-Offset must be ${result.offset}`, { "upload-offset": String(result.offset) });
      case "too_large":
        throw tusProblem("payload_too_large", `This upload is ${result.length} bytes long; the PATCH went past its end`);
      case "unsupported":
        throw tusProblem("unsupported_media_type", result.reason);
      case "rejected":
        throw tusProblem("unprocessable", result.reason);
    }
    return c.body(null, 204, {
      ...TUS,
      "upload-offset": String(result.offset),
      ...(result.complete ? { "media-id": result.mediaId } : {}),
    });
  })
  .openapi(routes.deleteUpload, async (c) => {
    if (!(await session(c.env, c.req.valid("param").id).terminate(c.get("auth").userId)))
      throw tusProblem("not_found", NOT_FOUND);
    return c.body(null, 204, TUS);
  });
