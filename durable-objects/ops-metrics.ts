import { DurableObject } from "cloudflare:workers";

/** Request and business counters from every isolate (skeleton; filled in by the metrics work). */
export class OpsMetrics extends DurableObject<Env> {}
