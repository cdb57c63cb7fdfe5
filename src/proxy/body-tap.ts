import type { SeenBody } from './types.js';

/**
 * Keeps the first `cap` bytes of a body that is being forwarded, for judging, and counts the rest:
 * bodies of any size pass, only their start is held in memory. It listens beside the pipe that
 * forwards the body (a `data` listener), so forwarding gets no extra stream stage.
 */
export class BodyTap {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private total = 0;

  constructor(private readonly cap: number) {}

  readonly add = (chunk: Buffer): void => {
    this.total += chunk.length;
    if (this.kept >= this.cap) return;
    const part = this.kept + chunk.length <= this.cap ? chunk : chunk.subarray(0, this.cap - this.kept);
    this.chunks.push(part);
    this.kept += part.length;
  };

  seen(): SeenBody {
    if (this.total === 0) return NO_BODY;
    return seenBody(this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks), this.total);
  }
}

/** A body the proxy holds in full or in part: `total` bytes passed, `kept` is their start. */
export function seenBody(kept: Buffer, total: number = kept.length): SeenBody {
  return { text: kept.toString('utf8'), bytes: total, overCap: total > kept.length };
}

export const NO_BODY: SeenBody = Object.freeze({ text: '', bytes: 0, overCap: false });
