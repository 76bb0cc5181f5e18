import { DurableObject } from "cloudflare:workers";

/**
 * One per user: holds that user's open notification sockets with the hibernation API (the
 * notifications issue gives it its methods). Declared now so the binding exists from v1.
 */
export class NotificationRoom extends DurableObject<Env> {}
