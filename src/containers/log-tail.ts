import type { Readable } from 'node:stream';

/**
 * The last lines a container wrote, kept while it runs. testcontainers removes a container whose
 * readiness check failed before the caller can ask for its logs, and those are the logs that
 * explain the failure, so they are collected from the start instead of fetched afterwards.
 */
export class LogTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly capacity = 2000) {}

  /** Feed it the container's log stream (GenericContainer.withLogConsumer). */
  consume(stream: Readable): void {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => this.append(chunk));
    stream.on('end', () => this.flush());
    // A log stream that breaks must not take the process down; the lines so far are kept.
    stream.on('error', () => this.flush());
  }

  append(chunk: string): void {
    const pieces = (this.partial + chunk).split(/\r?\n/);
    this.partial = pieces.pop() ?? '';
    for (const line of pieces) this.push(line);
  }

  /** The last `count` lines, the unterminated one included. */
  last(count: number): string[] {
    const all = this.partial === '' ? this.lines : [...this.lines, this.partial];
    return count <= 0 ? [] : all.slice(-count);
  }

  private flush(): void {
    if (this.partial !== '') this.push(this.partial);
    this.partial = '';
  }

  private push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
  }
}
