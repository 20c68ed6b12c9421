import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

type Frame =
  | { array: readonly unknown[]; index: number }
  | { object: Record<string, unknown>; keys: string[]; index: number; wrote: boolean };

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * An object's keys in the order this function has always written them: sorted, except that keys
 * that are array indexes come first in numeric order (the original rebuilt each object with
 * `Object.fromEntries`, whose property order puts them there; stored hashes depend on it).
 */
function orderedKeys(object: object): string[] {
  const keys = Object.keys(object).sort();
  const isIndex = (key: string) => ARRAY_INDEX.test(key) && Number(key) < 4294967295;
  const indexes = keys.filter(isIndex);
  if (indexes.length === 0) return keys;
  return [...indexes.sort((a, b) => Number(a) - Number(b)), ...keys.filter((key) => !isIndex(key))];
}

/**
 * The common case, an object whose values are none of them objects (an access-log row's identity,
 * flat seals), without the general walk's frames; undefined for anything else.
 */
function flatObjectJson(value: object): string | undefined {
  // Decided before any key is sorted or written: a nested object (an audit event and its details)
  // goes to the general walk having cost one look at its values.
  if (Array.isArray(value) || Object.values(value).some(isObject)) return undefined;
  const object = value as Record<string, unknown>;
  let out = '{';
  for (const key of orderedKeys(object)) {
    const text = JSON.stringify(object[key]);
    if (text === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${text}`;
  }
  return `${out}}`;
}

/**
 * JSON with object keys sorted at every depth, so equal documents have equal text. Iterative: a
 * document nested thousands deep (a request body, a line of an upload) must not overflow the stack.
 * Writes exactly what `JSON.stringify` of the key-sorted copy wrote (audit and idempotency hashes
 * are stored): objects of any kind as their own enumerable keys (a Date as `{}`), `undefined` and
 * functions left out of objects and `null` in arrays. A cycle is a TypeError, as in JSON.stringify.
 */
export function canonicalJson(value: unknown): string {
  if (!isObject(value)) return JSON.stringify(value);
  const flat = flatObjectJson(value);
  if (flat !== undefined) return flat;
  const out: string[] = [];
  const stack: Frame[] = [];
  const open = new Set<object>();
  const enter = (item: object) => {
    if (open.has(item)) throw new TypeError('canonicalJson: a cyclic structure');
    open.add(item);
    if (Array.isArray(item)) {
      out.push('[');
      stack.push({ array: item, index: 0 });
    } else {
      out.push('{');
      stack.push({
        object: item as Record<string, unknown>,
        keys: orderedKeys(item),
        index: 0,
        wrote: false,
      });
    }
  };
  enter(value);
  for (let frame = stack.at(-1); frame; frame = stack.at(-1)) {
    if ('array' in frame) {
      if (frame.index >= frame.array.length) {
        out.push(']');
        open.delete(frame.array);
        stack.pop();
        continue;
      }
      if (frame.index > 0) out.push(',');
      const item = frame.array[frame.index++];
      if (isObject(item)) enter(item);
      else out.push(JSON.stringify(item) ?? 'null');
      continue;
    }
    if (frame.index >= frame.keys.length) {
      out.push('}');
      open.delete(frame.object);
      stack.pop();
      continue;
    }
    const key = frame.keys[frame.index++] as string;
    const item = frame.object[key];
    const text = isObject(item) ? undefined : JSON.stringify(item);
    if (!isObject(item) && text === undefined) continue;
    out.push(frame.wrote ? ',' : '', JSON.stringify(key), ':');
    frame.wrote = true;
    if (isObject(item)) enter(item);
    else out.push(text as string);
  }
  return out.join('');
}

export function sha256Hex(text: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(text)));
}
