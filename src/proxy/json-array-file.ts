import { closeSync, ftruncateSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A JSON document on disk whose one array grows while the proxy runs (HAR `log.entries`, a
 * recording's `exchanges`, the JSON report's `exchanges`), kept valid at every flush: items are
 * written over the closing text, which is written again after them. Memory stays bounded on long
 * runs (only items since the last flush are held) and a reader, or a proxy killed with SIGKILL,
 * finds a complete document holding every flushed item.
 */
export class JsonArrayFile {
  private readonly fd: number;
  /** Byte offset where the closing text starts: the next item is written here. */
  private end: number;
  private count = 0;
  private pending: string[] = [];
  /** Length of the closing text last written after `end`. */
  private written = 0;

  /**
   * `head` is the document up to and including the array's `[`; `closing()` is everything after
   * the array's last item (`]}}` for a HAR), asked again at each flush so it can carry a summary.
   */
  constructor(
    readonly file: string,
    head: string,
    private readonly closing: () => string,
  ) {
    mkdirSync(dirname(file), { recursive: true });
    this.fd = openSync(file, 'w');
    this.end = 0;
    this.writeFrom(head, Buffer.byteLength(head));
  }

  /** Queues one item (any JSON value); it reaches the disk at the next flush. */
  append(item: unknown): void {
    this.pending.push(JSON.stringify(item));
  }

  get size(): number {
    return this.count + this.pending.length;
  }

  /**
   * Writes the queued items and the closing text in one positioned write, so the file goes from
   * one complete document to the next.
   */
  flush(): void {
    const items = this.pending.map((item, i) => `${this.count + i === 0 ? '\n' : ',\n'}${item}`).join('');
    const itemBytes = Buffer.byteLength(items);
    this.count += this.pending.length;
    this.pending = [];
    this.writeFrom(items, itemBytes);
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  /** Writes `items` (already counted; the head at first) and the closing text at the end of the array. */
  private writeFrom(items: string, itemBytes: number): void {
    const bytes = Buffer.from(`${items}${this.count > 0 ? '\n' : ''}${this.closing()}`);
    writeSync(this.fd, bytes, 0, bytes.length, this.end);
    this.end += itemBytes;
    const closingBytes = bytes.length - itemBytes;
    // A closing shorter than the last one must not leave its old bytes behind.
    if (closingBytes < this.written) ftruncateSync(this.fd, this.end + closingBytes);
    this.written = closingBytes;
  }
}
