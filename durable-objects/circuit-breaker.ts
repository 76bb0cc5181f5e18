import { DurableObject } from "cloudflare:workers";

/** One breaker per protected dependency (skeleton; filled in by the resilience work). */
export class CircuitBreaker extends DurableObject<Env> {}
