import type { Context, MiddlewareHandler } from 'hono';

/**
 * The Content-Security-Policy of every HTML page. The pages run no inline script (the console's one
 * script is a file under /static), so scripts come only from this origin; styles may be inline
 * (SVG charts and a few style attributes); forms post only here; no page may be framed.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ');

/** The API reference (Scalar) builds itself with inline script; it gets its own, looser policy. */
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
].join('; ');

/**
 * Headers that depend on the answer: a CSP on HTML, and HSTS only when the request came over HTTPS
 * (a header over plain HTTP is ignored by browsers and misleads whoever reads it). No
 * `includeSubDomains`: a city's own host name may have subdomains we do not serve.
 */
export function answerHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const type = c.res.headers.get('content-type') ?? '';
    if (type.startsWith('text/html') && !c.res.headers.has('content-security-policy')) {
      c.res.headers.set('Content-Security-Policy', c.req.path.startsWith('/docs') ? DOCS_CSP : PAGE_CSP);
    }
    if (isHttps(c)) c.res.headers.set('Strict-Transport-Security', 'max-age=15552000');
    else c.res.headers.delete('Strict-Transport-Security');
  };
}

/** The request URL is absolute; its scheme needs no parse on every request. */
function isHttps(c: Context): boolean {
  return c.req.url.startsWith('https:');
}
