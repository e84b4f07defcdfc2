/**
 * Deflate (raw, RFC 1951) through the platform's `CompressionStream` / `DecompressionStream`
 * (browsers and Node ≥ 18), with a hard cap on the inflated size so that a decompression bomb is
 * stopped after `limit` bytes instead of filling memory, and data after the end of the compressed
 * stream refused on every platform (Chromium's stream refuses it, Node's ignores it).
 */
import { err, ok, type Result } from "../common";

export async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export type InflateError = { kind: "too-large" | "corrupt"; message: string };

/**
 * Inflates, refusing output past `limit` bytes (the stream is cancelled at once), damaged data and
 * data after the end of the stream. The last byte of a deflate stream always holds some of its final
 * bits, so the input one byte shorter inflates completely only when something follows the stream.
 */
export async function inflateRawBounded(
  bytes: Uint8Array,
  limit: number,
): Promise<Result<Uint8Array, InflateError>> {
  const inflated = await inflateOnce(bytes, limit);
  if (!inflated.ok || bytes.length === 0) return inflated;
  const shorter = await inflateOnce(bytes.subarray(0, bytes.length - 1), limit);
  return shorter.ok ? err("corrupt", "its compressed data is followed by other data") : inflated;
}

async function inflateOnce(bytes: Uint8Array, limit: number): Promise<Result<Uint8Array, InflateError>> {
  const stream = new DecompressionStream("deflate-raw");
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  // Errors of the writing side show up on the reading side too; keep them from being unhandled.
  writer
    .write(bytes as Uint8Array<ArrayBuffer>)
    .then(() => writer.close())
    .catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        return err("too-large", `it unpacks to more than ${formatBytes(limit)}`);
      }
      chunks.push(value);
    }
  } catch {
    // The platform's own words ("Failed to execute 'close' on 'WritableStreamDefaultWriter'…",
    // "unexpected end of file") name its internals, not the user's problem: they are not passed on.
    return err("corrupt", "its compressed data is cut short or damaged");
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return ok(out);
}

export function formatBytes(n: number): string {
  if (n >= 1048576) return `${+(n / 1048576).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
