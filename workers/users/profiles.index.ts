import { profilesChanged } from "../engagement/activity-versions";
import { createRouter } from "../lib/create-app";
import { ApiError } from "../lib/errors";
import { createProfile, deleteProfile, findProfile, listProfiles, MAX_PROFILES, updateProfile } from "./profiles.queries";
import * as routes from "./profiles.routes";

const NOT_FOUND = "No such profile";

export const profilesRouter = createRouter()
  .openapi(routes.listProfiles, async (c) => {
    return c.json({ items: await listProfiles(c.get("db"), c.get("auth").userId), nextCursor: null }, 200);
  })
  .openapi(routes.createProfile, async (c) => {
    const { userId } = c.get("auth");
    const profile = await createProfile(c.get("db"), userId, c.req.valid("json"));
    if (profile === "limit") throw new ApiError("conflict", `An account can have at most ${MAX_PROFILES} profiles`);
    await profilesChanged(c.env, userId); // before answering: engagement forgets which profile is first
    return c.json(profile, 201, { location: `/api/me/profiles/${profile.id}` });
  })
  .openapi(routes.getProfile, async (c) => {
    const profile = await findProfile(c.get("db"), c.get("auth").userId, c.req.valid("param").id);
    if (!profile) throw new ApiError("not_found", NOT_FOUND);
    return c.json(profile, 200);
  })
  .openapi(routes.patchProfile, async (c) => {
    const profile = await updateProfile(c.get("db"), c.get("auth").userId, c.req.valid("param").id, c.req.valid("json"));
    if (!profile) throw new ApiError("not_found", NOT_FOUND);
    return c.json(profile, 200);
  })
  .openapi(routes.deleteProfile, async (c) => {
    const { userId } = c.get("auth");
    const { id } = c.req.valid("param");
    const outcome = await deleteProfile(c.get("db"), userId, id);
    if (!outcome) throw new ApiError("not_found", NOT_FOUND);
    if (outcome === "last_profile") throw new ApiError("conflict", "An account keeps at least one profile");
    await profilesChanged(c.env, userId, id); // before answering: nothing engagement cached for it is served again
    return c.body(null, 204);
  });
