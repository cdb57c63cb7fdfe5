import type { Handler } from './context.js';
import { invalidArgument } from './respond.js';

/**
 * decode_key: decodes a key of the Meta Service's memcomparable key encoding (a key-space byte,
 * then fields tagged 0x10 bytes — 0x00 escaped as 0x00 0xff, ended by 0x00 0x01 — or 0x11/0x12
 * negative/positive fixed int64, big-endian) and draws the document's diagram: one line per part
 * with a corner above the hex column where the part starts, then the hex key.
 */

interface KeyPart {
  /** Hex column where the part starts (2 per byte). */
  column: number;
  label: string;
}

const BYTES_TAG = 0x10;
const NEGATIVE_INT_TAG = 0x11;
const POSITIVE_INT_TAG = 0x12;

/** The parts of a key, or undefined when the bytes are not a well-formed key. */
export function decodeKeyParts(bytes: Uint8Array): KeyPart[] | undefined {
  if (bytes.length < 1) return undefined;
  const parts: KeyPart[] = [{ column: 0, label: `key space: ${bytes[0]}` }];
  let at = 1;
  while (at < bytes.length) {
    const start = at;
    const tag = bytes[at++];
    if (tag === BYTES_TAG) {
      const out: number[] = [];
      for (;;) {
        if (at >= bytes.length) return undefined;
        const b = bytes[at++]!;
        if (b !== 0x00) {
          out.push(b);
          continue;
        }
        const next = bytes[at++];
        if (next === 0x01) break;
        if (next !== 0xff) return undefined;
        out.push(0x00);
      }
      parts.push({ column: start * 2, label: Buffer.from(out).toString('utf8') });
    } else if (tag === NEGATIVE_INT_TAG || tag === POSITIVE_INT_TAG) {
      if (at + 8 > bytes.length) return undefined;
      const value = Buffer.from(bytes.subarray(at, at + 8)).readBigInt64BE();
      at += 8;
      parts.push({ column: start * 2, label: value.toString() });
    } else {
      return undefined;
    }
  }
  return parts;
}

const UNICODE = { corner: '┌', line: '─', bar: '│' };
const ASCII = { corner: '+', line: '-', bar: '|' };

export function drawKeyDiagram(hex: string, parts: KeyPart[], ascii: boolean): string {
  const glyphs = ascii ? ASCII : UNICODE;
  const width = Math.max(...parts.map((p) => p.column)) + 2;
  const lines = parts.map((part, i) => {
    const row = Array<string>(width).fill(' ');
    for (const earlier of parts.slice(0, i)) row[earlier.column] = glyphs.bar;
    row[part.column] = glyphs.corner;
    for (let c = part.column + 1; c < width; c++) row[c] = glyphs.line;
    return `${row.join('')} ${i}. ${part.label}`;
  });
  const bars = Array<string>(width).fill(' ');
  for (const part of parts) bars[part.column] = glyphs.bar;
  return [...lines, bars.join('').trimEnd(), hex, ''].join('\n');
}

export const decodeKey: Handler = (ctx, req) => {
  const hex = req.query.key ?? '';
  // ms-messages.
  if (ctx.rules.observed && hex === '') return ctx.reply.error('INVALID_ARGUMENT', 'no key to decode');
  // Documented: failures stay text (one line); ms-decode-key: real servers answer JSON 400.
  const fail = (why?: string) =>
    ctx.rules.observed
      ? ctx.reply.error('INVALID_ARGUMENT', `failed to decode key, key=${hex}${why ? `: ${why}` : ''}`)
      : invalidArgument(ctx.reply, 'decode_key', `key=${hex}${why ? `: ${why}` : ''}`);
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(hex)) return fail(hex === '' ? 'no key given' : 'not a hex string');
  const parts = decodeKeyParts(Buffer.from(hex, 'hex'));
  if (!parts) return fail();
  const unicode = req.query.unicode;
  return ctx.reply.text('OK', drawKeyDiagram(hex, parts, unicode === 'false' || unicode === '0'));
};
