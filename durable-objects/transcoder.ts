import { Container } from "@cloudflare/containers";

/** The FFmpeg container (containers/transcoder). Sleeps when idle; the queue consumer wakes it. */
export class Transcoder extends Container<Env> {
  defaultPort = 8080;
  sleepAfter = "5m";
}
