import type { Db } from "../lib/context";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { mandatoryEmailKinds } from "./email/outbox";
import type { NotificationKind } from "./kinds";
import {
  emailPreferences,
  hasVerifiedPhone,
  setEmailPreferences,
  setSmsPreferences,
  smsPreferences,
} from "./preferences.queries";
import * as routes from "./preferences.routes";
import type { SmsKind } from "./sms/notification-sms";

const choicesOf = async (db: Db, userId: string) => {
  const [email, sms] = await Promise.all([emailPreferences(db, userId), smsPreferences(db, userId)]);
  return { email, sms, mandatory: [...mandatoryEmailKinds] };
};

export const preferencesRouter = createRouter()
  .openapi(routes.getPreferences, async (c) => {
    return c.json(await choicesOf(c.get("db"), c.get("auth").userId), 200);
  })
  .openapi(routes.putPreferences, async (c) => {
    const { email = {}, sms = {} } = c.req.valid("json");
    const refused = mandatoryEmailKinds.filter((kind) => email[kind] === false);
    if (refused.length > 0) {
      throw new ApiError("unprocessable", "Security emails cannot be turned off", {
        errors: refused.map((kind) => ({ path: `email.${kind}`, message: "Always sent", code: "mandatory" })),
      });
    }
    const db = c.get("db");
    const userId = c.get("auth").userId;
    if (Object.values(sms).includes(true) && !(await hasVerifiedPhone(db, userId))) {
      throw new ApiError("conflict", "Add and verify a mobile number before choosing text messages", {
        errors: Object.entries(sms)
          .filter(([, on]) => on)
          .map(([kind]) => ({ path: `sms.${kind}`, message: "Needs a verified mobile number", code: "phone_not_verified" })),
      });
    }
    await setEmailPreferences(db, userId, email as Partial<Record<NotificationKind, boolean>>);
    await setSmsPreferences(db, userId, sms as Partial<Record<SmsKind, boolean>>);
    return c.json(await choicesOf(db, userId), 200);
  });
