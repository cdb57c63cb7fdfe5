import { Transform, type TransformCallback } from 'node:stream';
import type { SeenBody } from './types.js';

/**
 * A pass-through stream that keeps the first `cap` bytes of what flows through it, for judging,
 * and counts the rest: bodies of any size are forwarded, only their start is held in memory.
 */
export class BodyTap extends Transform {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private total = 0;

  constructor(
    private readonly cap: number,
    /** Called on every chunk (the proxy's idle timer). */
    private readonly onChunk?: () => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.total += chunk.length;
    if (this.kept < this.cap) {
      const part = this.kept + chunk.length <= this.cap ? chunk : chunk.subarray(0, this.cap - this.kept);
      this.chunks.push(part);
      this.kept += part.length;
    }
    this.onChunk?.();
    callback(null, chunk);
  }

  seen(): SeenBody {
    return seenBody(this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks), this.total);
  }
}

/** A body the proxy holds in full or in part: `total` bytes passed, `kept` is their start. */
export function seenBody(kept: Buffer, total: number = kept.length): SeenBody {
  return { text: kept.toString('utf8'), bytes: total, overCap: total > kept.length };
}

export const NO_BODY: SeenBody = Object.freeze({ text: '', bytes: 0, overCap: false });
