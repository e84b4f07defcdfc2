import { describe, expect, it } from "vitest";
import { FrameAllocator } from "./allocator";
import { Ram } from "./ram";

const MiB = 1024 * 1024;

describe("FrameAllocator", () => {
  it("hands out zeroed frames from its range, bump first", () => {
    const ram = new Ram(4 * MiB);
    ram.writeEntry(0x10000, 0xdeadn); // garbage in a frame the allocator will hand out
    const alloc = FrameAllocator.forRange(0x10000, 0x13000);
    expect(alloc.available()).toBe(3);
    const a = alloc.alloc(ram);
    expect(a).toEqual({ ok: true, value: 0x10000 });
    expect(ram.isTouched(0x10)).toBe(false); // zeroed
    expect(alloc.isAllocated(0x10)).toBe(true);
    expect(alloc.isAllocated(0x11)).toBe(false);
    expect(alloc.alloc(ram)).toEqual({ ok: true, value: 0x11000 });
    expect(alloc.available()).toBe(1);
  });

  it("rounds the range inwards to whole frames", () => {
    const alloc = FrameAllocator.forRange(0x10001, 0x13fff);
    expect(alloc.firstPfn).toBe(0x11);
    expect(alloc.endPfn).toBe(0x13);
  });

  it("exhaustion is an error that changes nothing", () => {
    const ram = new Ram(4 * MiB);
    const alloc = FrameAllocator.forRange(0x10000, 0x11000);
    expect(alloc.alloc(ram).ok).toBe(true);
    const before = alloc.state();
    const touched = ram.touchedFrames();
    const r = alloc.alloc(ram);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe("out-of-frames");
    expect(alloc.state()).toEqual(before);
    expect(ram.touchedFrames()).toEqual(touched);
    expect(alloc.available()).toBe(0);
  });

  it("never hands out frames beyond the end of RAM", () => {
    const ram = new Ram(2 * 4096);
    const alloc = FrameAllocator.forRange(0, 4 * 4096);
    expect(alloc.alloc(ram).ok).toBe(true);
    expect(alloc.alloc(ram).ok).toBe(true);
    const before = alloc.state();
    expect(alloc.alloc(ram).ok).toBe(false);
    expect(alloc.state()).toEqual(before);
  });

  it("free gives a frame back, reused last-in first-out; freeing twice or foreign frames is an error", () => {
    const ram = new Ram(4 * MiB);
    const alloc = FrameAllocator.forRange(0x10000, 0x20000);
    const frames = [0, 1, 2].map(() => {
      const r = alloc.alloc(ram);
      if (!r.ok) throw new Error("alloc");
      return r.value;
    });
    ram.writeEntry(frames[1] as number, 5n);
    expect(alloc.free(frames[1] as number).ok).toBe(true);
    expect(alloc.isAllocated(0x11)).toBe(false);
    const again = alloc.free(frames[1] as number);
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.kind).toBe("not-allocated");
    expect(alloc.free(0x30000).ok).toBe(false); // never handed out
    expect(alloc.free(0x5000).ok).toBe(false); // outside the range
    expect(alloc.free(0x10008).ok).toBe(false); // not frame aligned
    expect(alloc.free(0x1f000).ok).toBe(false); // in range, not yet handed out
    expect(alloc.free(frames[2] as number).ok).toBe(true);
    expect(alloc.alloc(ram)).toEqual({ ok: true, value: frames[2] });
    expect(alloc.alloc(ram)).toEqual({ ok: true, value: frames[1] });
    expect(ram.isTouched(0x11)).toBe(false); // zeroed on reuse
    expect(alloc.alloc(ram)).toEqual({ ok: true, value: 0x13000 });
  });

  it("state, clone and restore", () => {
    const ram = new Ram(4 * MiB);
    const alloc = FrameAllocator.forRange(0x10000, 0x20000);
    alloc.alloc(ram);
    alloc.alloc(ram);
    alloc.free(0x10000);
    const saved = alloc.state();
    expect(saved).toEqual({ firstPfn: 0x10, endPfn: 0x20, nextPfn: 0x12, freePfns: [0x10] });
    const copy = alloc.clone();
    alloc.alloc(ram);
    alloc.alloc(ram);
    expect(copy.state()).toEqual(saved); // independent
    alloc.restore(saved);
    expect(alloc.state()).toEqual(saved);
    expect(alloc.available()).toBe(0x20 - 0x12 + 1);
    expect(() => alloc.restore({ ...saved, endPfn: 0x30 })).toThrow(RangeError);
    // The saved state is a copy: mutating the allocator does not change it.
    alloc.alloc(ram);
    expect(saved.freePfns).toEqual([0x10]);
  });

  it("refuses inconsistent states", () => {
    expect(() => new FrameAllocator({ firstPfn: 5, endPfn: 4, nextPfn: 5, freePfns: [] })).toThrow(
      RangeError,
    );
    expect(() => new FrameAllocator({ firstPfn: 5, endPfn: 10, nextPfn: 4, freePfns: [] })).toThrow(
      RangeError,
    );
  });
});
