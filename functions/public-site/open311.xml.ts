/**
 * Open311's XML: the spec's root elements (`services`, `service_definition`, `service_requests`,
 * `discovery`, `errors`, FixMyStreet's `service_requests_updates`) with one child element per item, built from the same objects as the JSON.
 */
import { escapeXml } from '../platform/xml';

type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };

/** What each list's items are called inside it. */
const ITEM: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  notes: 'note',
  service_requests_updates: 'request_update',
};

function element(name: string, value: Value): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM[name] ?? 'item';
    return `<${name}>${value.map((entry) => element(item, entry)).join('')}</${name}>`;
  }
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([key, entry]) => element(key, entry))
      .join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A whole document under `root`, with the XML declaration the spec asks for. */
export function xmlDocument(root: string, value: Value): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}\n`;
}
