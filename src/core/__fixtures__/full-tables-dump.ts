/**
 * A hostile raw dump, built from code for the tests and benchmarks (never committed): page tables
 * that reach 65,536 frames in which every one of the 512 entries is present. Frame k of the tables
 * points entry i to table frame (512·k + i + 1) mod N, so the PML4 (frame 0, at CR3) reaches 512
 * PDPTs, and those reach every one of the N frames as PDs, then as PTs, whose entries are 4 KiB
 * pages. The image is sparse: its first MiB is a hole, the N frames follow.
 *
 * A scenario holds at most 1,048,576 non-zero entries; these tables hold 33,554,432. Before the
 * import counted while discovering, `pagewalk scenario` took 4 GB and 28 s to refuse such a dump,
 * and the browser froze for minutes.
 */
import { closeSync, ftruncateSync, openSync, writeSync } from "node:fs";
import type { ByteSource } from "../dump";

export const FULL_TABLES_FRAMES = 65_536;
/** The first table frame (the PML4, at CR3): 1 MiB into the image. */
export const FULL_TABLES_BASE = 0x100000;

const FRAME = 4096;
/** P | RW | US | A | D: a pointer to a table, or a 4 KiB page in a PT. */
const FLAGS = 0x67;

/** Frame `k` of the tables (of `frames`) as bytes. */
function tableFrame(k: number, frames: number): Uint8Array {
  const bytes = new Uint8Array(FRAME);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 512; i++) {
    const target = FULL_TABLES_BASE + ((k * 512 + i + 1) % frames) * FRAME;
    view.setUint32(i * 8, target + FLAGS, true); // below 4 GiB: the high word stays 0
  }
  return bytes;
}

/** The image's size in bytes: the hole, then the tables. */
export function fullTablesImageBytes(frames = FULL_TABLES_FRAMES): number {
  return FULL_TABLES_BASE + frames * FRAME;
}

/** The image as a `ByteSource` that makes each frame when it is read (nothing held in memory). */
export function fullTablesSource(frames = FULL_TABLES_FRAMES): ByteSource & { bytesRead: number } {
  const size = fullTablesImageBytes(frames);
  const source = {
    size,
    bytesRead: 0,
    read(offset: number, length: number): Uint8Array {
      const out = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      source.bytesRead += out.length;
      const first = Math.max(0, Math.floor((offset - FULL_TABLES_BASE) / FRAME));
      for (let k = first; FULL_TABLES_BASE + k * FRAME < offset + out.length && k < frames; k++) {
        const at = FULL_TABLES_BASE + k * FRAME;
        const frame = tableFrame(k, frames);
        const from = Math.max(offset, at);
        const to = Math.min(offset + out.length, at + FRAME);
        out.set(frame.subarray(from - at, to - at), from - offset);
      }
      return out;
    },
  };
  return source;
}

/** Writes the image to `path` (the hole left sparse, the tables in 1 MiB writes); returns `path`. */
export function writeFullTablesImage(path: string, frames = FULL_TABLES_FRAMES): string {
  const fd = openSync(path, "w");
  try {
    ftruncateSync(fd, fullTablesImageBytes(frames));
    const chunk = new Uint8Array(256 * FRAME);
    for (let k = 0; k < frames; k += 256) {
      const n = Math.min(256, frames - k);
      for (let j = 0; j < n; j++) chunk.set(tableFrame(k + j, frames), j * FRAME);
      writeSync(fd, chunk, 0, n * FRAME, FULL_TABLES_BASE + k * FRAME);
    }
  } finally {
    closeSync(fd);
  }
  return path;
}
