/**
 * What a file is by its first bytes, for the refusals of a reader that got the wrong kind: a memory
 * dump given to Open…, a gzipped dump or a picture given to Import dump…. Only what a user is likely
 * to pick by mistake; anything else is left to the reader's own message.
 */
export type FileKind = "elf" | "gzip" | "zstd" | "xz" | "bzip2" | "zip" | "png" | "jpeg" | "pdf";

const MAGICS: ReadonlyArray<{ readonly kind: FileKind; readonly magic: readonly number[] }> = [
  { kind: "elf", magic: [0x7f, 0x45, 0x4c, 0x46] },
  { kind: "gzip", magic: [0x1f, 0x8b] },
  { kind: "zstd", magic: [0x28, 0xb5, 0x2f, 0xfd] },
  { kind: "xz", magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { kind: "bzip2", magic: [0x42, 0x5a, 0x68] },
  { kind: "zip", magic: [0x50, 0x4b, 0x03, 0x04] },
  { kind: "png", magic: [0x89, 0x50, 0x4e, 0x47] },
  { kind: "jpeg", magic: [0xff, 0xd8, 0xff] },
  { kind: "pdf", magic: [0x25, 0x50, 0x44, 0x46] },
];

/** Each kind's name, and what to do with it when it holds what the reader wants. */
const KINDS: Readonly<Record<FileKind, { readonly name: string; readonly advice?: string }>> = {
  elf: { name: "an ELF file" },
  gzip: { name: "a gzip file", advice: "decompress it first (gunzip)" },
  zstd: { name: "a zstd file", advice: "decompress it first (unzstd)" },
  xz: { name: "an xz file", advice: "decompress it first (unxz)" },
  bzip2: { name: "a bzip2 file", advice: "decompress it first (bunzip2)" },
  zip: { name: "a zip archive", advice: "extract the file from it first" },
  png: { name: "a PNG image" },
  jpeg: { name: "a JPEG image" },
  pdf: { name: "a PDF document" },
};

/** "This is a gzip file, not a memory image: decompress it first (gunzip)." */
export function describeFileKind(kind: FileKind, expected: string): string {
  const { name, advice } = KINDS[kind];
  return `This is ${name}, not ${expected}${advice === undefined ? "" : `: ${advice}`}.`;
}

export function fileKindOf(head: Uint8Array): FileKind | null {
  for (const { kind, magic } of MAGICS)
    if (head.length >= magic.length && magic.every((b, i) => head[i] === b)) return kind;
  return null;
}

/** The bytes to pass as `head`: enough for every magic and for `looksLikeText`. */
export const FILE_HEAD_BYTES = 512;

/**
 * Whether the first bytes read as text: no byte below 0x20 but tab, line feed and carriage return
 * (UTF-8's bytes are at or above 0x80, so any language passes). A memory image has NULs early.
 */
export function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  return head.every((b) => b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) && !head.includes(0x7f);
}
