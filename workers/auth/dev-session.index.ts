import { jwtVerify } from "jose";
import { bearerTokenOf } from "../lib/auth";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { clientInfo, startSession } from "../lib/sessions";
import { ensureFirstAdmin } from "../users/first-admin";
import { findUserByEmail } from "../users/users.queries";
import { toUser } from "../users/users.schemas";
import * as routes from "./dev-session.routes";

/** Throws 401 unless `token` is a fresh dev-session proof signed with JWT_SECRET. */
async function verifyProof(env: Env, token: string | undefined): Promise<void> {
  const secret = env.JWT_SECRET ?? "";
  if (secret.length < 32) throw new ApiError("service_unavailable", "JWT_SECRET must be set to at least 32 characters");
  if (!token) throw new ApiError("unauthorized", "Send Authorization: Bearer <proof signed with JWT_SECRET>");
  try {
    await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      issuer: routes.DEV_SESSION_ISSUER,
      audience: routes.DEV_SESSION_AUDIENCE,
      maxTokenAge: routes.DEV_SESSION_MAX_AGE,
      requiredClaims: ["iat", "exp"],
    });
  } catch {
    throw new ApiError("unauthorized", "The dev-session proof is not valid");
  }
}

export const devSessionRouter = createRouter().openapi(routes.devSession, async (c) => {
  await verifyProof(c.env, bearerTokenOf(c.req.header("authorization")));
  const email = c.env.ADMIN_EMAIL?.trim().toLowerCase();
  if (!email) throw new ApiError("service_unavailable", "ADMIN_EMAIL is not set");
  const db = c.get("db");
  await ensureFirstAdmin(db, c.env, email);
  const user = await findUserByEmail(db, email);
  if (!user) throw new ApiError("service_unavailable", `No account ${email}: set ADMIN_PASSWORD to at least 10 characters`);
  if (user.role !== "admin") throw new ApiError("conflict", `The account ${email} is not an admin`);
  const tokens = await startSession(c.env, user, clientInfo(c.req.raw));
  return c.json({ user: toUser(user), ...tokens }, 200);
});
