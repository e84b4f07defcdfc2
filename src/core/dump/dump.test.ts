import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { virtAddr, DEFAULT_REGISTERS, pagingMode, type Registers } from "../arch";
import { bytesSource, openDump, openElfDump, openRawDump, type ByteSource, type Dump } from "./dump";
import { describeBytes } from "./dump-import";
import { translateTraced } from "../walk";

const DUMPS = join(__dirname, "..", "__fixtures__", "dumps");
// Plain Uint8Arrays: Buffer#slice would share memory and let one test corrupt the next.
const RAW = new Uint8Array(gunzipSync(readFileSync(join(DUMPS, "worked-example.raw.gz"))));
const ELF = new Uint8Array(gunzipSync(readFileSync(join(DUMPS, "worked-example.elf.gz"))));
const EXPECT = JSON.parse(readFileSync(join(DUMPS, "worked-example.elf.json"), "utf8")) as {
  registers: Record<"cr0" | "cr3" | "cr4" | "efer", string> & { maxPhyAddr: number };
  cases: Array<{ va: string; pa?: string; pageSize?: number; fault?: string }>;
};
const REGS: Registers = {
  ...DEFAULT_REGISTERS,
  cr0: Number(EXPECT.registers.cr0),
  cr3: Number(EXPECT.registers.cr3),
  cr4: Number(EXPECT.registers.cr4),
  efer: Number(EXPECT.registers.efer),
  maxPhyAddr: EXPECT.registers.maxPhyAddr,
};

/** A source that counts what is read, to prove the reader is lazy. */
function counting(bytes: Uint8Array): ByteSource & { bytesRead: number } {
  const inner = bytesSource(bytes);
  const source = {
    size: inner.size,
    bytesRead: 0,
    read(offset: number, length: number): Uint8Array {
      const out = inner.read(offset, length);
      source.bytesRead += out.length;
      return out;
    },
  };
  return source;
}

function open(bytes: Uint8Array): Dump {
  const r = openDump(bytesSource(bytes));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function expectWorkedExample(dump: Dump): void {
  const mode = pagingMode(REGS);
  for (const c of EXPECT.cases) {
    const t = translateTraced(dump.memory, mode, virtAddr(BigInt(c.va))).translation;
    if (c.fault) expect(t.kind, c.va).toBe(c.fault);
    else {
      expect(t.kind, c.va).toBe("mapped");
      if (t.kind === "mapped") expect([t.pa, t.pageSize]).toEqual([Number(c.pa), c.pageSize]);
    }
  }
}

describe("raw dumps", () => {
  it("worked example: file offset = PA; walks give the recorded translations", () => {
    const dump = open(RAW);
    expect(dump.format).toBe("raw");
    expect(dump.cpu).toBeNull();
    expect(dump.memory.sizeBytes).toBe(16 * 1024 * 1024);
    expectWorkedExample(dump);
    expect(dump.memory.readFrame(4096)).toBeNull();
  });

  it("reads only the frames a walk needs", () => {
    const source = counting(RAW);
    const r = openRawDump(source);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    translateTraced(r.value.memory, pagingMode(REGS), virtAddr(0x803fe7f5cen));
    expect(source.bytesRead).toBe(4 * 4096);
    translateTraced(r.value.memory, pagingMode(REGS), virtAddr(0x803fe7f000n));
    expect(r.value.memory.framesRead).toBe(4); // cached
  });

  it("rejects an empty or truncated image", () => {
    const empty = openRawDump(bytesSource(new Uint8Array(0)));
    expect(empty.ok ? "" : empty.error.message).toMatch(/empty/);
    const cut = openDump(bytesSource(RAW.subarray(0, 4097)));
    expect(cut.ok ? "" : cut.error.message).toMatch(/4,097 bytes, not a whole number of 4 KiB frames/);
    const one = openDump(bytesSource(new Uint8Array([0])));
    expect(one.ok ? "" : one.error.message).toMatch(/is 1 byte, not/);
  });

  it("calls a compressed file, a picture or a text what it is, not a truncated image", () => {
    const message = (bytes: Uint8Array): string => {
      const r = openDump(bytesSource(bytes));
      return r.ok ? "opened" : r.error.message;
    };
    const gzipped = new Uint8Array(94_964);
    gzipped.set([0x1f, 0x8b, 0x08]);
    expect(message(gzipped)).toBe("This is a gzip file, not a memory image: decompress it first (gunzip).");
    const png = new Uint8Array(5000);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(message(png)).toBe("This is a PNG image, not a memory image.");
    expect(message(new TextEncoder().encode("CR3=0000000001000000\nnotes about the crash\n"))).toBe(
      "This is a text file, not a memory image (a raw dump is binary: physical memory from address 0).",
    );
    // A whole number of frames is a raw image whatever its first bytes: physical memory can hold anything.
    const frames = new Uint8Array(8192);
    frames.set([0x1f, 0x8b]);
    expect(message(frames)).toBe("opened");
  });
});

describe("ELF cores from QEMU dump-guest-memory", () => {
  it("worked example: PT_LOAD by p_paddr, CR0/CR3/CR4 from the QEMU note", () => {
    const dump = open(ELF);
    expect(dump.format).toBe("elf");
    expect(dump.cpu).toEqual({ cr0: 0x80010011, cr3: 0x10000, cr4: 0x20, rflags: 0x2 });
    expect(dump.segments.map((s) => [s.pa.toString(16), s.memSize.toString(16)])).toEqual([
      ["0", "c0000"],
      ["c0000", "20000"],
      ["e0000", "20000"],
      ["100000", "f00000"],
      ["fffc0000", "40000"],
    ]);
    expectWorkedExample(dump);
    // The raw and the ELF dumps hold the same RAM below 16 MiB.
    const raw = open(RAW);
    for (const pfn of [0x10, 0x24, 0x32, 0x41, 0xc0, 0xff])
      expect(dump.memory.readFrame(pfn)).toEqual(raw.memory.readFrame(pfn));
    expect(dump.memory.readFrame(0x1000)).toBeNull(); // 16 MiB: a hole
    expect(dump.memory.readFrame(0xfffc0)).not.toBeNull(); // BIOS ROM
    expect(dump.memory.readFrame(0x100000)).toBeNull(); // past the end
  });

  it("is lazy: headers plus the walked frames", () => {
    const source = counting(ELF);
    const r = openElfDump(source);
    if (!r.ok) throw new Error(r.error.message);
    const headers = source.bytesRead;
    expect(headers).toBeLessThan(2048);
    translateTraced(r.value.memory, pagingMode(REGS), virtAddr(0x803fe7f5cen));
    expect(source.bytesRead - headers).toBe(4 * 4096);
  });

  const patched = (edit: (b: Uint8Array, v: DataView) => void, whole = false): Uint8Array => {
    const b = ELF.slice(0, whole ? ELF.length : 0x2000);
    edit(b, new DataView(b.buffer));
    return b;
  };
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ["truncated header", ELF.subarray(0, 40), /too short for an ELF64 header/],
    ["32-bit", patched((b) => (b[4] = 1)), /32-bit/],
    ["big-endian", patched((b) => (b[5] = 2)), /big-endian/],
    ["not x86-64", patched((_, v) => v.setUint16(18, 183, true)), /machine 183, not x86-64/],
    [
      "a program, not a core",
      patched((_, v) => v.setUint16(16, 3, true)),
      /^The ELF file is a shared object or a position-independent executable \(ET_DYN\), not a core dump \(QEMU dump-guest-memory writes one\)\.$/,
    ],
    [
      "an unknown ELF type",
      patched((_, v) => v.setUint16(16, 0xfe00, true)),
      /is of type 65024, not a core dump/,
    ],
    ["program headers past the end", ELF.subarray(0, 300), /program headers lie past the end/],
    [
      "segment past the end",
      ELF.subarray(0, 0x10000),
      /segment 1 \(PA 0x0, 786432 bytes\) extends past the end/,
    ],
    ["no program headers", patched((_, v) => v.setUint16(56, 0, true)), /no program headers/],
    ["bad program header size", patched((_, v) => v.setUint16(54, 32, true)), /program header size is 32/],
    [
      "no PT_LOAD",
      patched((_, v) => {
        for (let k = 1; k < 6; k++) v.setUint32(192 + k * 56, 6, true);
      }),
      /no PT_LOAD segment/,
    ],
    [
      "overlapping segments",
      patched((_, v) => v.setBigUint64(192 + 2 * 56 + 24, 0x10000n, true), true),
      /overlap/,
    ],
    [
      "absurd segment count (PN_XNUM)",
      patched((_, v) => {
        v.setUint16(56, 0xffff, true);
        v.setUint32(64 + 44, 50_000_000, true); // section header 0 (at e_shoff = 64): sh_info
      }),
      /claims 50000000 program headers/,
    ],
    [
      "PN_XNUM with a count of 0 in section header 0",
      patched((_, v) => {
        v.setUint16(56, 0xffff, true);
        v.setUint32(64 + 44, 0, true);
      }),
      /^The ELF header says its program header count is in section header 0 \(e_phnum is 0xffff\), but that gives 0\.$/,
    ],
    [
      "huge offset",
      patched((_, v) => v.setBigUint64(32, 1n << 60n, true)),
      /program headers lie past the end/,
    ],
  ];
  for (const [what, bytes, message] of cases) {
    it(`rejects a hostile file: ${what}`, () => {
      const r = openDump(bytesSource(bytes));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(message);
    });
  }

  /** The ELF core with its note segment moved to `size` zero bytes of the file whose first note is `note`. */
  const withNote = (size: number, note: { namesz: number; descsz: number }): Uint8Array => {
    const b = ELF.slice();
    const v = new DataView(b.buffer);
    const at = 0x100540; // inside the 15 MiB PT_LOAD at PA 0x100000, zeros there
    v.setBigUint64(192 + 8, BigInt(at), true); // phdr 0 (PT_NOTE): p_offset
    v.setBigUint64(192 + 32, BigInt(size), true); // p_filesz
    v.setUint32(at, note.namesz, true);
    v.setUint32(at + 4, note.descsz, true);
    v.setUint32(at + 8, 0, true);
    return b;
  };

  it("refuses a note whose name is absurdly long, without building the name (no stack overflow)", () => {
    // namesz of about 1,000,000 inside a 1 MiB note segment: once spread into String.fromCharCode.
    const r = openDump(bytesSource(withNote(1 << 20, { namesz: 1_000_000, descsz: 0 })));
    expect(r).toEqual({
      ok: false,
      error: {
        kind: "bad-elf",
        message:
          "The ELF core's note segment (segment 0) is malformed: note 1 claims a 1000000-byte name (at most 4096).",
      },
    });
  });

  it("refuses a note that runs past its segment, and stops looking at the 1 MiB read window", () => {
    const past = openDump(bytesSource(withNote(4096, { namesz: 5, descsz: 8000 })));
    expect(past.ok).toBe(false);
    if (!past.ok)
      expect(past.error.message).toBe(
        "The ELF core's note segment (segment 0) is malformed: note 1 (5-byte name, 8000-byte data at offset 0) runs past the segment's 4096 bytes.",
      );
    // Inside a 2 MiB segment but beyond the first MiB searched: no CPU state, not an error.
    const beyond = openDump(bytesSource(withNote(2 << 20, { namesz: 5, descsz: 1 << 20 })));
    expect(beyond.ok && beyond.value.cpu).toBe(null);
  });

  it("never throws on random corruption of the headers", () => {
    let seed = 12345;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const head = ELF.slice(0, 0x2000);
    for (let round = 0; round < 500; round++) {
      const b = head.slice();
      const flips = 1 + Math.floor(rand() * 8);
      for (let k = 0; k < flips; k++) b[4 + Math.floor(rand() * 0x300)] = Math.floor(rand() * 256);
      const r = openDump(bytesSource(b.subarray(0, Math.floor(rand() * b.length))));
      if (r.ok) for (const pfn of [0, 1, 0x10, 0xfffc0]) r.value.memory.readFrame(pfn);
    }
  });
});

describe("describeBytes", () => {
  it("names a size in its largest unit, exactly when it divides, else to a tenth; one byte is a byte", () => {
    expect(describeBytes(1)).toBe("1 byte");
    expect(describeBytes(4095)).toBe("4,095 bytes");
    expect(describeBytes(5 * 2 ** 20 + 1)).toBe("5.0 MiB");
    expect(describeBytes(94_964)).toBe("92.7 KiB");
    expect(describeBytes(16 * 2 ** 20)).toBe("16 MiB");
    expect(describeBytes(290 * 2 ** 20 + 4096)).toBe("290.0 MiB");
    expect(describeBytes(2 ** 40)).toBe("1,024 GiB");
  });
});
