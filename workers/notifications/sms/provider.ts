/** One text message on its way to a provider. */
export interface OutgoingSms {
  outboxId: string;
  to: string;
  text: string;
}

/**
 * An SMS gateway. `send` throws when the gateway refuses or fails; the outbox retries.
 * @example await smsProvider(env).send({ outboxId, to: "+34600000000", text: "Your code is 123456" })
 */
export interface SmsProvider {
  name: string;
  send(sms: OutgoingSms): Promise<void>;
}

/**
 * Local runs and tests: the `sms_outbox` row is the message, so "sending" only marks it sent;
 * `GET /api/dev/sms?to=` reads what was sent, as the dev mailbox does for email.
 */
export const devOutboxProvider: SmsProvider = {
  name: "dev-outbox",
  async send() {},
};

/**
 * No SMS gateway is reachable from this deployment yet: every attempt fails, so messages stay in
 * the outbox (pending, then failed) with the reason, instead of vanishing. A real gateway (an HTTP
 * API such as Twilio's) is one more `SmsProvider` chosen here.
 */
export const unconfiguredProvider: SmsProvider = {
  name: "unconfigured",
  async send() {
    throw new Error("No SMS gateway is configured for this deployment");
  },
};

/** The dev outbox never leaves development and test runs, like the dev mailbox. */
export const usesDevSmsOutbox = (env: Env) => env.ENVIRONMENT === "development" || env.ENVIRONMENT === "test";

export function smsProvider(env: Env): SmsProvider {
  return usesDevSmsOutbox(env) ? devOutboxProvider : unconfiguredProvider;
}
