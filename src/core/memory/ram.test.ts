import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { CHUNK_BITS, CHUNK_MASK } from "./persistent-array";
import { entryOfFrame, FRAME_WORDS, MAX_RAM_BYTES, ZERO_FRAME } from "./physical-memory";
import { Ram } from "./ram";

const MiB = 1024 * 1024;

describe("Ram", () => {
  it("checks its size", () => {
    expect(() => new Ram(0)).toThrow(RangeError);
    expect(() => new Ram(4095)).toThrow(RangeError);
    expect(() => new Ram(MAX_RAM_BYTES + 4096)).toThrow(RangeError);
    expect(new Ram(16 * MiB).frameCount).toBe(4096);
  });

  it("reads untouched frames as the shared zero frame and frames outside RAM as null", () => {
    const ram = new Ram(4 * MiB);
    expect(ram.readFrame(0)).toBe(ZERO_FRAME);
    expect(ram.readFrame(1023)).toBe(ZERO_FRAME);
    expect(ram.readFrame(1024)).toBeNull();
    expect(ram.readFrame(-1)).toBeNull();
    expect(ram.readFrame(Number.NaN)).toBeNull();
    expect(ram.readEntry(0x1000)).toBe(0n);
    expect(() => ram.readEntry(4 * MiB)).toThrow(RangeError);
    expect(ram.touchedFrames()).toEqual([]);
  });

  it("reads and writes 64-bit entries as two little-endian words", () => {
    const ram = new Ram(4 * MiB);
    ram.writeEntry(0x2008, 0x8000_0000_0000_3067n);
    expect(ram.readEntry(0x2008)).toBe(0x8000_0000_0000_3067n);
    const frame = ram.readFrame(2) as Uint32Array;
    expect(frame[2]).toBe(0x3067);
    expect(frame[3]).toBe(0x8000_0000);
    expect(entryOfFrame(frame, 1)).toBe(0x8000_0000_0000_3067n);
    expect(() => ram.writeEntry(0x2004, 1n)).toThrow(RangeError);
    expect(() => ram.writeEntry(4 * MiB, 1n)).toThrow(RangeError);
    expect(ram.touchedFrames()).toEqual([2]);
    expect(ram.isTouched(2)).toBe(true);
    expect(ram.touchedCount()).toBe(1);
  });

  it("writing zero into an untouched frame keeps it untouched", () => {
    const ram = new Ram(4 * MiB);
    ram.writeEntry(0x3000, 0n);
    expect(ram.isTouched(3)).toBe(false);
  });

  it("zeroFrame releases a frame; writeFrame of zeros does too", () => {
    const ram = new Ram(4 * MiB);
    ram.writeEntry(0x5000, 7n);
    ram.zeroFrame(5);
    expect(ram.readFrame(5)).toBe(ZERO_FRAME);
    expect(ram.touchedFrames()).toEqual([]);
    ram.zeroFrame(6); // untouched: nothing happens
    const words = new Uint32Array(FRAME_WORDS);
    words[10] = 42;
    ram.writeFrame(7, words);
    expect(ram.readEntry(0x7000 + 5 * 8)).toBe(42n);
    words[10] = 0;
    ram.writeFrame(7, words);
    expect(ram.isTouched(7)).toBe(false);
    expect(() => ram.writeFrame(7, new Uint32Array(3))).toThrow(RangeError);
    expect(() => ram.zeroFrame(1024)).toThrow(RangeError);
    expect(() => ram.writableFrame(1024)).toThrow(RangeError);
  });

  it("the zero frame is never written", () => {
    const ram = new Ram(4 * MiB);
    ram.writeEntry(0, 1n);
    ram.writableFrame(9)[0] = 5;
    expect(ZERO_FRAME.every((w) => w === 0)).toBe(true);
    expect(ram.readFrame(10)).toBe(ZERO_FRAME);
  });

  it("lists touched frames across chunks in ascending order", () => {
    const ram = new Ram(64 * MiB);
    for (const pfn of [9000, 3, 512, 511]) ram.writeEntry(pfn * 4096, 1n);
    expect(ram.touchedFrames()).toEqual([3, 511, 512, 9000]);
    expect(ram.touchedCount()).toBe(4);
  });
});

describe("Ram copy-on-write", () => {
  it("fork shares frames until one side writes", () => {
    const a = new Ram(4 * MiB);
    a.writeEntry(0x1000, 0x11n);
    a.writeEntry(0x2000, 0x22n);
    const b = a.fork();
    expect(b.readFrame(1)).toBe(a.readFrame(1));
    b.writeEntry(0x1000, 0x99n);
    expect(a.readEntry(0x1000)).toBe(0x11n);
    expect(b.readEntry(0x1000)).toBe(0x99n);
    expect(b.readFrame(1)).not.toBe(a.readFrame(1));
    expect(b.readFrame(2)).toBe(a.readFrame(2)); // unwritten frames stay shared
  });

  it("writes by the original after fork do not leak into the fork (and back)", () => {
    const a = new Ram(4 * MiB);
    a.writeEntry(0x1000, 1n);
    const b = a.fork();
    a.writeEntry(0x1000, 2n);
    a.writeEntry(0x1008, 3n);
    a.writeEntry(0x9000, 4n); // a new frame in a shared chunk
    expect(b.readEntry(0x1000)).toBe(1n);
    expect(b.readEntry(0x1008)).toBe(0n);
    expect(b.readEntry(0x9000)).toBe(0n);
    expect(b.touchedFrames()).toEqual([1]);
    b.writeEntry(0x1010, 5n);
    expect(a.readEntry(0x1010)).toBe(0n);
    expect(a.touchedFrames()).toEqual([1, 9]);
  });

  it("zeroFrame after fork affects only that side", () => {
    const a = new Ram(4 * MiB);
    a.writeEntry(0x1000, 1n);
    const b = a.fork();
    b.zeroFrame(1);
    expect(b.isTouched(1)).toBe(false);
    expect(a.readEntry(0x1000)).toBe(1n);
    a.zeroFrame(1);
    expect(a.isTouched(1)).toBe(false);
  });

  it("chains of forks keep every state intact", () => {
    const states = [new Ram(4 * MiB)];
    for (let k = 1; k <= 20; k++) {
      const next = (states[k - 1] as Ram).fork();
      next.writeEntry(0x4000, BigInt(k));
      next.writeEntry(0x4000 + k * 8, BigInt(k));
      states.push(next);
    }
    states.forEach((ram, k) => {
      expect(ram.readEntry(0x4000)).toBe(BigInt(k));
      for (let j = 1; j <= 20; j++) expect(ram.readEntry(0x4000 + j * 8)).toBe(j <= k ? BigInt(j) : 0n);
    });
  });

  it("writableFrame hands out the same owned frame until the next fork", () => {
    const a = new Ram(4 * MiB);
    const f1 = a.writableFrame(3);
    expect(a.writableFrame(3)).toBe(f1);
    a.fork();
    const f2 = a.writableFrame(3);
    expect(f2).not.toBe(f1);
  });

  it("writing an unchanged value does not unshare the frame", () => {
    const a = new Ram(4 * MiB);
    a.writeEntry(0x1000, 7n);
    const b = a.fork();
    b.writeEntry(0x1000, 7n);
    expect(b.readFrame(1)).toBe(a.readFrame(1));
  });
});

describe("isTableEmpty", () => {
  it("checks all 1024 words, from any starting entry", () => {
    const ram = new Ram(64 * 1024);
    expect(ram.isTableEmpty(3)).toBe(true);
    for (const word of [0, 1, 2, 1022, 1023]) {
      ram.zeroFrame(3);
      ram.writeWords(3, word & ~1, word % 2 === 0 ? 1 : 0, word % 2 === 1 ? 1 : 0);
      for (const start of [0, 1, 255, 511, 512]) expect(ram.isTableEmpty(3, start)).toBe(false);
    }
    ram.zeroFrame(3);
    expect(ram.isTableEmpty(3, 100)).toBe(true);
  });
});

describe("slot lookups", () => {
  it("spell the slot map's chunk size as the literals it has", () => {
    // ram.ts writes them as literals for speed (see `slotOf`); they must stay the map's.
    const source = readFileSync(new URL("./ram.ts", import.meta.url), "utf8");
    const body = /private slotOf\(pfn: number\): number \{([^}]*)\}/.exec(source)?.[1] ?? "";
    expect(body).toContain(`pfn < ${2 ** CHUNK_BITS}`);
    expect(body).toContain(`pfn >>> ${CHUNK_BITS}`);
    expect(body).toContain(`pfn & ${CHUNK_MASK}`);
  });

  it("reads frames in every chunk of 16 GiB, the first one included", () => {
    const ram = new Ram(MAX_RAM_BYTES);
    const frames = [0, 2047, 2048, 4095, 2 ** 21, MAX_RAM_BYTES / 4096 - 1];
    frames.forEach((pfn, k) => ram.writeEntry(pfn * 4096 + 8 * k, BigInt(k + 1)));
    const next = ram.fork();
    next.writeEntry(2048 * 4096, 99n);
    frames.forEach((pfn, k) => {
      expect(ram.readEntry(pfn * 4096 + 8 * k)).toBe(BigInt(k + 1));
      expect(ram.entryWords()[ram.entryBase(pfn) + 2 * k]).toBe(k + 1);
    });
    expect(next.readEntry(2048 * 4096)).toBe(99n);
    expect(ram.readEntry(2048 * 4096)).toBe(0n);
    expect(ram.touchedFrames()).toEqual(frames);
  });
});
