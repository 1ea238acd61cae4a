/**
 * Writes media/icon.png (128x128 RGBA PNG): a small attention heatmap, source tokens across, output
 * tokens down, with a bright near-diagonal alignment like the date model's. Plain Node (zlib, no image
 * library), so the icon can be regenerated anywhere:
 *
 *   npx tsc -p . --outDir out && node out/src/scripts/make-icon.js
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { projectRoot } from './projectRoot';

const SIZE = 128;
const CELLS = 8;
const GAP = 2;

/** CRC-32 of a PNG chunk (type + data). */
function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Attention weight of output row `r` on source column `c`: a soft diagonal plus a faint second path. */
function weight(r: number, c: number): number {
  const main = Math.exp(-((c - r) ** 2) / 0.9);
  const second = 0.35 * Math.exp(-((c - (CELLS - 1 - r)) ** 2) / 0.6);
  return Math.min(1, main + second + 0.04 * ((r * 7 + c * 3) % 5) / 4);
}

/** Dark navy (low attention) to warm yellow (high), like a viridis-ish ramp. */
function colour(w: number): [number, number, number] {
  const stops: Array<[number, [number, number, number]]> = [
    [0, [30, 34, 72]],
    [0.35, [38, 110, 142]],
    [0.7, [76, 194, 108]],
    [1, [250, 226, 60]],
  ];
  for (let i = 1; i < stops.length; i++) {
    const [t1, c1] = stops[i];
    const [t0, c0] = stops[i - 1];
    if (w <= t1) {
      const f = (w - t0) / (t1 - t0);
      return [0, 1, 2].map((k) => Math.round(c0[k] + f * (c1[k] - c0[k]))) as [number, number, number];
    }
  }
  return stops[stops.length - 1][1];
}

export function makeIcon(): Buffer {
  const cell = (SIZE - GAP * (CELLS + 1)) / CELLS;
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (SIZE * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) {
      const offset = row + 1 + x * 4;
      const cx = Math.floor((x - GAP) / (cell + GAP));
      const cy = Math.floor((y - GAP) / (cell + GAP));
      const inCell =
        cx >= 0 && cy >= 0 && cx < CELLS && cy < CELLS &&
        x - GAP - cx * (cell + GAP) < cell && y - GAP - cy * (cell + GAP) < cell;
      const [r, g, b] = inCell ? colour(weight(cy, cx)) : [18, 20, 40];
      raw[offset] = r;
      raw[offset + 1] = g;
      raw[offset + 2] = b;
      raw[offset + 3] = 255;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}


if (require.main === module) {
  const file = path.join(projectRoot(), 'media', 'icon.png');
  fs.writeFileSync(file, makeIcon());
  process.stdout.write(`wrote ${file}\n`);
}
