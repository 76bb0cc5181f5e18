import { z } from "@hono/zod-openapi";

export const ULID = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "Not a notification id");

export const NotificationSchema = z
  .object({
    id: z.string().openapi({ description: "A ULID: sorts by creation time", example: "01JDQ4Z8X6V3M0N9K2H7G5F4E3" }),
    kind: z.string().openapi({ example: "new_follower" }),
    payload: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi("Notification");

export type Notification = z.infer<typeof NotificationSchema>;

/** What the server sends on a notification socket (JSON text frames). */
export type ServerFrame =
  | { type: "notification"; notification: Notification; unread: number }
  | { type: "ready"; replayed: number; truncated: boolean; unread: number }
  | { type: "read"; ids: string[]; unread: number }
  | { type: "error"; detail: string }
  | { type: "pong" };

/** What a client may send; anything else gets an `error` frame. */
export const ClientFrame = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ping") }),
  z.object({ type: z.literal("read"), ids: z.array(ULID).min(1).max(100) }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;
