/**
 * A request body read whole, but never more than `max` bytes: past it, reading stops (the rest is
 * cancelled) and the caller answers 413. A declared Content-Length over the limit is refused before
 * a byte is read.
 */
export async function readBounded(
  request: Request,
  max: number,
): Promise<{ bytes: Uint8Array } | { tooLarge: true }> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) return { tooLarge: true };
  if (!request.body) return { bytes: new Uint8Array() };
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      return { tooLarge: true };
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return { bytes };
}
