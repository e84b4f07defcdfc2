/**
 * Loading the QEMU golden fixtures (oracle/*.golden.json, format in oracle/README.md) as a machine:
 * RAM holding the fixture's frames, and its registers. Shared by the tests and the benchmarks, which
 * run under Node (this file reads files; nothing in the app imports it).
 */
import { closeSync, ftruncateSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { Ram } from "../memory";
import type { Registers } from "../arch";

export interface GoldenFixture {
  readonly name: string;
  readonly description?: string;
  readonly registers: Readonly<Record<"cr0" | "cr3" | "cr4" | "efer" | "pkru", string>> & {
    readonly maxPhyAddr: number;
  };
  readonly ramMB: number;
  /** Sparse frames: physical address → {entry index → value}, all hex. */
  readonly frames: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly cases: ReadonlyArray<{ readonly va: string } & Readonly<Record<string, unknown>>>;
  readonly infoMem?: ReadonlyArray<{ start: string; end: string; user: boolean; write: boolean }>;
}

/**
 * The fixture `name` (e.g. "linux-4l") from src/core/__fixtures__/oracle/, found from the project root
 * (the working directory of the tests and of `npm run bench`, whose bundles live elsewhere).
 */
export function readGolden(name: string): GoldenFixture {
  const file = join(process.cwd(), "src", "core", "__fixtures__", "oracle", `${name}.golden.json`);
  return JSON.parse(readFileSync(file, "utf8")) as GoldenFixture;
}

/**
 * The worked example's QEMU dumps (`dumps/worked-example.{raw,elf}.gz`, committed compressed),
 * unpacked to the given paths for a command or a file input to read.
 */
export function writeWorkedExampleDumps(paths: { readonly raw: string; readonly elf: string }): void {
  const dumps = join(process.cwd(), "src", "core", "__fixtures__", "dumps");
  writeFileSync(paths.raw, gunzipSync(readFileSync(join(dumps, "worked-example.raw.gz"))));
  writeFileSync(paths.elf, gunzipSync(readFileSync(join(dumps, "worked-example.elf.gz"))));
}

/** A RAM of the fixture's size with its frames written in. */
export function goldenRam(golden: GoldenFixture): Ram {
  const ram = new Ram(golden.ramMB * 1024 * 1024);
  for (const [frame, entries] of Object.entries(golden.frames)) {
    const base = Number(BigInt(frame));
    for (const [index, value] of Object.entries(entries))
      ram.writeEntry(base + Number(index) * 8, BigInt(value));
  }
  return ram;
}

/** The fixture's registers (RFLAGS.AC = 0, as the oracle's probe runs). */
export function goldenRegisters(golden: GoldenFixture): Registers {
  const n = (hex: string): number => Number(BigInt(hex));
  const r = golden.registers;
  return {
    cr0: n(r.cr0),
    cr3: n(r.cr3),
    cr4: n(r.cr4),
    efer: n(r.efer),
    pkru: n(r.pkru),
    rflags: 0,
    maxPhyAddr: r.maxPhyAddr,
  };
}

/**
 * Writes the fixture's frames at their physical addresses into a sparse raw image of `ramMB`
 * (what QEMU `pmemsave` would have written for those frames; the rest reads as zeros).
 */
export function writeGoldenImage(golden: Pick<GoldenFixture, "ramMB" | "frames">, path: string): string {
  const fd = openSync(path, "w");
  try {
    ftruncateSync(fd, golden.ramMB * 1024 * 1024);
    for (const [frame, entries] of Object.entries(golden.frames)) {
      const bytes = new Uint8Array(4096);
      const view = new DataView(bytes.buffer);
      for (const [index, value] of Object.entries(entries))
        view.setBigUint64(Number(index) * 8, BigInt(value), true);
      writeSync(fd, bytes, 0, 4096, Number(BigInt(frame)));
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

/** The fixture's registers as the command-line tool's options. */
export function goldenRegisterArgs(golden: Pick<GoldenFixture, "registers">): string[] {
  const r = golden.registers;
  return [
    "--cr0",
    r.cr0,
    "--cr3",
    r.cr3,
    "--cr4",
    r.cr4,
    "--efer",
    r.efer,
    "--pkru",
    r.pkru,
    "--maxphyaddr",
    String(r.maxPhyAddr),
  ];
}
