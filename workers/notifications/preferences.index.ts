import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { mandatoryEmailKinds } from "./email/outbox";
import type { NotificationKind } from "./kinds";
import { emailPreferences, setEmailPreferences } from "./preferences.queries";
import * as routes from "./preferences.routes";

export const preferencesRouter = createRouter()
  .openapi(routes.getPreferences, async (c) => {
    const email = await emailPreferences(c.get("db"), c.get("auth").userId);
    return c.json({ email, mandatory: [...mandatoryEmailKinds] }, 200);
  })
  .openapi(routes.putPreferences, async (c) => {
    const { email } = c.req.valid("json");
    const refused = mandatoryEmailKinds.filter((kind) => email[kind] === false);
    if (refused.length > 0) {
      throw new ApiError("unprocessable", "Security emails cannot be turned off", {
        errors: refused.map((kind) => ({ path: `email.${kind}`, message: "Always sent", code: "mandatory" })),
      });
    }
    const db = c.get("db");
    const userId = c.get("auth").userId;
    await setEmailPreferences(db, userId, email as Partial<Record<NotificationKind, boolean>>);
    return c.json({ email: await emailPreferences(db, userId), mandatory: [...mandatoryEmailKinds] }, 200);
  });
