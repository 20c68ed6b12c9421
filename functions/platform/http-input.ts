import type { MiddlewareHandler } from 'hono';
import { refuseUnsafeInput } from './text';

/** The headers the API reads as text (a purpose's free text is written to the access log). */
const TEXT_HEADERS = ['X-Purpose', 'Idempotency-Key'] as const;

/** A header as the domain will read it: `X-Purpose` is percent-encoded UTF-8 when it holds more than Latin-1. */
function headerText(name: string, value: string): string {
  if (name !== 'X-Purpose' || !value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    // Not decodable: the purpose parser refuses it with its own code (`purpose.undecodable`).
    return value;
  }
}

/**
 * The edge check of every API operation: no text in the path parameters, the query, the headers
 * read as text or the JSON body may hold a control character (tab and line breaks aside) or a
 * lone surrogate. One 422 `text.unsafe_characters` names every such field (`param.tenant`,
 * `query.level`, `header.X-Purpose`, `units.3.name.zh`), before authentication or a handler runs,
 * so no lookup ever sends such text to the database.
 */
export const refuseUnsafeRequest: MiddlewareHandler = async (c, next) => {
  const query: Record<string, string | string[]> = {};
  for (const [key, values] of Object.entries(c.req.queries())) {
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  const header: Record<string, string> = {};
  for (const name of TEXT_HEADERS) {
    const value = c.req.header(name);
    if (value !== undefined) header[name] = headerText(name, value);
  }
  const parts: Record<string, unknown> = { param: c.req.param(), query, header };
  // A JSON document only: an NDJSON or CSV import is streamed, and reports bad lines as it goes.
  const media = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (c.req.raw.body && (media === 'application/json' || media.endsWith('+json'))) {
    // A clone, so the validator (and anything else) still reads the body as it came.
    try {
      parts[''] = JSON.parse(await c.req.raw.clone().text());
    } catch {
      // Not JSON: the validator answers that (400 `field.json`).
    }
  }
  refuseUnsafeInput(parts);
  await next();
};
