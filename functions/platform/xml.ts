/** Whether a UTF-16 code unit at `i` starts a character XML 1.0 allows (Char production, §2.2). */
function xmlCharLength(value: string, i: number): number {
  const code = value.charCodeAt(i);
  if (code === 0x09 || code === 0x0a || code === 0x0d) return 1;
  if (code < 0x20 || code === 0xfffe || code === 0xffff) return 0;
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = value.charCodeAt(i + 1);
    return next >= 0xdc00 && next <= 0xdfff ? 2 : 0;
  }
  if (code >= 0xdc00 && code <= 0xdfff) return 0;
  return 1;
}

/**
 * Text as XML 1.0 character data. Characters XML forbids (C0 controls, lone surrogates, U+FFFE/F)
 * cannot be escaped at all — one would make the feed unparseable for every subscriber — so they
 * are dropped; markup characters are escaped.
 */
export function escapeXml(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; ) {
    const length = xmlCharLength(value, i);
    if (length === 0) {
      i += 1;
      continue;
    }
    const ch = value.slice(i, i + length);
    out +=
      ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' } as Record<string, string>)[
        ch
      ] ?? ch;
    i += length;
  }
  return out;
}
