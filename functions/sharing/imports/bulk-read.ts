import { createHash, type Hash } from 'node:crypto';
import { MAX_SPREADSHEET_BYTES, readSpreadsheetRows } from '../../platform/spreadsheet';
import { type BulkOptions, type Entry, MAX_LINE_BYTES } from './bulk-lines';
import { importErrors } from './imports.errors';

/**
 * Reading an upload: its bytes counted against its format's limit, split into numbered lines in
 * linear time with a bounded line length, and stopped when the client goes. Nothing here touches
 * the database.
 */

/**
 * The largest upload per format. NDJSON and CSV are streamed (this bounds the time one request
 * holds a worker, not its memory; Workers take 100 MB bodies on most plans); a spreadsheet is
 * read whole, so its limit bounds memory.
 */
export const MAX_UPLOAD_BYTES: Record<BulkOptions['format'], number> = {
  ndjson: 100 * 1024 * 1024,
  csv: 100 * 1024 * 1024,
  xlsx: MAX_SPREADSHEET_BYTES,
};

/**
 * How much of a refused body is still read and dropped before answering: a server that answers
 * and closes while the client is still sending resets the connection (the client sees no 413),
 * as `wrangler dev` does. Past this the connection is cut anyway.
 */
const DRAIN_BYTES = 128 * 1024 * 1024;

/** 413 for a declared length over the format's limit, before a byte is read or anything written. */
export function refuseDeclaredSize(format: BulkOptions['format'], contentLength: number | undefined): void {
  const limit = MAX_UPLOAD_BYTES[format];
  if (contentLength !== undefined && contentLength > limit) throw importErrors.tooLarge(format, limit);
}

/** An upload's bytes, counted against its format's limit; ends when the client goes (`signal`). */
export class UploadBody {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly limit: number;
  private bytesRead = 0;
  private done = false;

  constructor(
    stream: ReadableStream<Uint8Array>,
    private readonly format: BulkOptions['format'],
    private readonly signal?: AbortSignal,
  ) {
    this.reader = stream.getReader();
    this.limit = MAX_UPLOAD_BYTES[format];
    // A read waiting for a client that has gone must end now, not when the socket times out.
    signal?.addEventListener('abort', () => void this.reader.cancel().catch(() => {}), { once: true });
  }

  /** The next bytes, or undefined at the end. Throws `import.too_large`, `client_gone` or `upload_broken`. */
  async read(): Promise<Uint8Array | undefined> {
    if (this.done) return undefined;
    if (this.signal?.aborted) throw importErrors.clientGone();
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await this.reader.read();
    } catch {
      this.done = true;
      throw this.signal?.aborted ? importErrors.clientGone() : importErrors.uploadBroken();
    }
    if (this.signal?.aborted) throw importErrors.clientGone();
    if (result.done) {
      this.done = true;
      return undefined;
    }
    this.bytesRead += result.value.byteLength;
    if (this.bytesRead > this.limit) {
      await this.drain();
      throw importErrors.tooLarge(this.format, this.limit);
    }
    return result.value;
  }

  /**
   * Ends the body after the import stopped early: what is left is read and dropped (bounded), so the
   * client gets the answer, unless the client has gone.
   */
  async finish(): Promise<void> {
    if (this.signal?.aborted) await this.cancel();
    else await this.drain();
  }

  private async drain(): Promise<void> {
    let dropped = 0;
    try {
      while (!this.done && dropped < DRAIN_BYTES && !this.signal?.aborted) {
        const { done, value } = await this.reader.read();
        if (done) this.done = true;
        else dropped += value.byteLength;
      }
    } catch {
      this.done = true;
    }
    await this.cancel();
  }

  private async cancel(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.reader.cancel().catch(() => {});
  }
}

const EMPTY = new Uint8Array(0);

/**
 * Splits an upload into numbered text lines. Each byte is looked at once (the newline search runs
 * over each piece as it arrives, never over what came before), and a line's bytes are kept only up
 * to `MAX_LINE_BYTES`: a longer line is dropped as it streams and yielded as `tooLong`.
 */
export async function* numberedLines(body: UploadBody): AsyncGenerator<Entry> {
  // Each line decoded on its own: a newline byte never occurs inside a UTF-8 sequence.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let pieces: Uint8Array[] = [];
  let length = 0;
  let tooLong = false;
  let line = 0;
  const take = (last: Uint8Array): Entry => {
    line += 1;
    const over = tooLong || length + last.byteLength > MAX_LINE_BYTES;
    let entry: Entry = { line, text: '', tooLong: true };
    if (!over) {
      const bytes = pieces.length === 0 ? last : concat([...pieces, last], length + last.byteLength);
      let text = decoder.decode(bytes);
      if (line === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
      entry = { line, text: text.endsWith('\r') ? text.slice(0, -1) : text };
    }
    pieces = [];
    length = 0;
    tooLong = false;
    return entry;
  };
  for (;;) {
    const chunk = await body.read();
    if (!chunk) break;
    let start = 0;
    for (let end = chunk.indexOf(10); end >= 0; end = chunk.indexOf(10, start)) {
      yield take(chunk.subarray(start, end));
      start = end + 1;
    }
    const rest = chunk.subarray(start);
    if (tooLong || length + rest.byteLength > MAX_LINE_BYTES) {
      tooLong = true;
      pieces = [];
    } else if (rest.byteLength > 0) {
      // A copy: a stream may reuse its buffer for the next chunk.
      pieces.push(rest.slice());
      length += rest.byteLength;
    }
  }
  if (length > 0 || tooLong) yield take(EMPTY);
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

/** The rows of an .xlsx upload (first sheet), numbered as in Excel; the header is the first row. */
export async function* spreadsheetEntries(body: UploadBody): AsyncGenerator<Entry> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (let part = await body.read(); part; part = await body.read()) {
    parts.push(part);
    size += part.byteLength;
  }
  const rows = await readSpreadsheetRows(concat(parts, size).buffer as ArrayBuffer);
  for (const row of rows) yield { line: row.row, text: '', cells: row.cells, problems: row.problems };
}

/** Runs an async generator up to its first value, so its errors surface here; then replays it. */
export async function prefetch<T>(source: AsyncGenerator<T>): Promise<AsyncIterator<T>> {
  const first = await source.next();
  let replayed = false;
  return {
    next: async () => {
      if (replayed || first.done) return source.next();
      replayed = true;
      return first;
    },
  };
}

/**
 * SHA-256 over the lines read so far, each as its text (a spreadsheet row as its number and cells)
 * and a newline. `value()` reads it without ending it (native, a copy of the state), so the import
 * takes it after each chunk's last line and stores it with the chunk's cursor.
 */
export class LineDigest {
  private readonly hash: Hash = createHash('sha256');

  add(entry: Entry): void {
    if (entry.cells) this.hash.update(JSON.stringify([entry.line, entry.cells]));
    else if (entry.tooLong) this.hash.update(`\u0000line ${entry.line} too long`);
    else this.hash.update(entry.text, 'utf8');
    this.hash.update('\n');
  }

  value(): string {
    return this.hash.copy().digest('hex');
  }
}
