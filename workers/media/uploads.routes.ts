import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../lib/auth";
import { bearerAuth } from "../lib/create-app";
import { ProblemSchema, pickErrors } from "../lib/errors";

const authed = { security: bearerAuth, middleware: [requireAuth()], tags: ["uploads (tus)"] };
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });
const tusHeaders = { "Tus-Resumable": { schema: { type: "string" as const, example: "1.0.0" } } };

export const UploadIdParam = z.object({
  id: z
    .string()
    .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "Not an upload id")
    .openapi({ param: { name: "id", in: "path" } }),
});

const TusVersion = z.literal("1.0.0", { error: "Send Tus-Resumable: 1.0.0" });

export const createUpload = createRoute({
  ...authed,
  method: "post",
  path: "/uploads",
  summary: "Start a resumable upload (tus 1.0 creation)",
  description:
    "Send Upload-Length and optionally Upload-Metadata (`filename`, `title`, base64 values). Unfinished uploads expire after 24 hours. The finished file becomes a media item exactly as a form upload does.",
  request: {
    headers: z.object({
      "tus-resumable": TusVersion,
      "upload-length": z.coerce.number().int().min(1),
      "upload-metadata": z.string().max(4000).optional(),
    }),
  },
  responses: {
    201: {
      description: "Created; Location is the upload's URL. Tus-Version, Tus-Extension and Tus-Max-Size describe the server.",
      headers: { ...tusHeaders, Location: { schema: { type: "string" } } },
    },
    ...pickErrors(400, 401),
    412: problem("Unsupported tus version"),
    413: problem("Larger than the upload limit, or over your storage quota"),
  },
});

export const headUpload = createRoute({
  ...authed,
  // Hono answers HEAD with the GET handler minus the body, so tus's HEAD is declared as GET.
  method: "get",
  path: "/uploads/{id}",
  summary: "HEAD (or GET): how much of an upload has arrived (Upload-Offset)",
  request: { params: UploadIdParam, headers: z.object({ "tus-resumable": TusVersion }) },
  responses: { 200: { description: "Upload-Offset and Upload-Length", headers: tusHeaders }, ...pickErrors(400, 401, 404) },
});

export const patchUpload = createRoute({
  ...authed,
  method: "patch",
  path: "/uploads/{id}",
  summary: "Append bytes at Upload-Offset",
  description: "Content-Type must be application/offset+octet-stream. A wrong Upload-Offset answers 409 with the current offset.",
  request: {
    params: UploadIdParam,
    headers: z.object({
      "tus-resumable": TusVersion,
      "upload-offset": z.coerce.number().int().min(0),
      "content-type": z.string().optional(),
    }),
  },
  responses: {
    204: { description: "Stored; Upload-Offset is the new offset", headers: tusHeaders },
    ...pickErrors(400, 401, 404, 409),
    413: problem("More bytes than Upload-Length"),
    415: problem("Not an audio or video format we accept"),
    422: problem("The last PATCH completed a file ffprobe cannot read as audio or video: nothing is kept"),
  },
});

export const deleteUpload = createRoute({
  ...authed,
  method: "delete",
  path: "/uploads/{id}",
  summary: "Abort an upload (tus termination)",
  request: { params: UploadIdParam, headers: z.object({ "tus-resumable": TusVersion }) },
  responses: { 204: { description: "Aborted", headers: tusHeaders }, ...pickErrors(400, 401, 404, 409) },
});
