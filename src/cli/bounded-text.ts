/**
 * A text input of bounded size — a fault log, a TLB trace — read in chunks from a file, a pipe or
 * stdin, and refused as soon as it passes its limit: `/dev/zero`, `yes | …` or a 3 GB file cost at
 * most the limit, never the machine's memory, and an endless stream ends with a message, not a hang.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { InputError } from "./args";
import { describeFsError } from "./file-source";
import { sleepSync } from "./sleep-sync";

const CHUNK_BYTES = 1 << 20;

/**
 * The UTF-8 text of `source` (a path, or fd 0 for stdin), named `name` in messages; more than
 * `maxBytes` bytes is an InputError saying `tooLarge`.
 */
export function readBoundedText(
  source: string | 0,
  name: string,
  maxBytes: number,
  tooLarge: string,
): string {
  let fd: number;
  try {
    fd = source === 0 ? 0 : openSync(source, "r");
  } catch (e) {
    throw new InputError(`cannot read ${name}: ${describeFsError(e)}`);
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        if ((e as { code?: string }).code === "EAGAIN") {
          sleepSync(10); // a non-blocking stdin (a terminal) with nothing yet
          continue;
        }
        throw new InputError(`cannot read ${name}: ${describeFsError(e)}`);
      }
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw new InputError(`${name}: ${tooLarge}`);
    }
    return Buffer.concat(chunks, total).toString("utf8");
  } finally {
    if (source !== 0) closeSync(fd);
  }
}
