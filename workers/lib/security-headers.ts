import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./context";

/**
 * What the API's JSON, problems and streams may do in a browser: nothing. No script, style, frame
 * or fetch runs from them, and no page may frame them.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Streams serve what people uploaded: opened directly, a file that is really HTML or SVG runs in
 * a sandbox (no script, an opaque origin), besides `nosniff` and its stored type.
 */
export const STREAM_CONTENT_SECURITY_POLICY = `${API_CONTENT_SECURITY_POLICY}; sandbox`;

const helmet = secureHeaders({
  // Signed stream URLs and artwork are loaded by <video>/<img> of other origins (a configured web origin).
  crossOriginResourcePolicy: "cross-origin",
  crossOriginEmbedderPolicy: false,
  xFrameOptions: "DENY",
  referrerPolicy: "no-referrer",
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
  },
});

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi;
const pagePolicies = new Map<string, string>();

/**
 * The policy of an HTML page the Worker renders (the API docs): its own scripts and the inline
 * ones it carries, allowed by their hashes ('unsafe-inline' scripts never are); inline styles allowed.
 */
async function pagePolicy(html: string): Promise<string> {
  let policy = pagePolicies.get(html);
  if (!policy) {
    const hashes = await Promise.all(
      [...html.matchAll(INLINE_SCRIPT)].map(async ([, script]) => {
        const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(script));
        return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
      }),
    );
    policy = [
      "default-src 'self'",
      `script-src 'self' ${hashes.join(" ")}`.trim(),
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob: https:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "worker-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; ");
    if (pagePolicies.size > 16) pagePolicies.clear();
    pagePolicies.set(html, policy);
  }
  return policy;
}

/**
 * Security headers on every response the Worker makes: `nosniff`, `Referrer-Policy`, HSTS,
 * `X-Frame-Options: DENY` and a Content-Security-Policy that lets nothing run (JSON, problems),
 * runs nothing even when opened (streams, sandboxed), or for an HTML page the Worker renders, runs
 * only its own scripts. The web app's static files get theirs from web/public/_headers.
 */
export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await helmet(c, next);
  if (c.res.status === 101) return;
  const type = c.res.headers.get("content-type") ?? "";
  if (type.startsWith("text/html")) {
    // Hono copies the replaced response's headers onto the new one, so the policy is set on the old.
    const html = await c.res.text();
    c.res.headers.set("content-security-policy", await pagePolicy(html));
    c.res = new Response(html, c.res);
  } else if (c.req.path.startsWith("/stream/")) {
    c.res.headers.set("content-security-policy", STREAM_CONTENT_SECURITY_POLICY);
  }
});
