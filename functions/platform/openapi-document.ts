import { regexes } from 'zod/v4/core';

/**
 * The UUIDs the API accepts, as a pattern: zod's (RFC 9562 versions 1–8 with the RFC variant, and
 * the nil and max UUIDs, either case). JSON Schema's `format: uuid` alone admits any 8-4-4-4-12
 * hex, so a client generating a version-0 id would pass its own check and meet a 400.
 */
export const UUID_PATTERN = regexes.uuid().source;

/** The generated document with every `format: uuid` saying the exact form accepted (its pattern). */
export function withAcceptedUuids<T>(document: T): T {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
    } else if (node !== null && typeof node === 'object') {
      const schema = node as Record<string, unknown>;
      if (schema.format === 'uuid' && schema.pattern === undefined) schema.pattern = UUID_PATTERN;
      for (const value of Object.values(schema)) visit(value);
    }
  };
  visit(document);
  return document;
}
