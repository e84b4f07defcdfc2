import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FrameAllocator, type AllocatorState } from "./allocator";
import { Footprint } from "./footprint";
import { MAX_RAM_BYTES } from "./physical-memory";
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

  it("refuses free lists with frames never handed out or listed twice", () => {
    const state = { firstPfn: 5, endPfn: 10, nextPfn: 8, freePfns: [5, 7] };
    expect(new FrameAllocator(state).state()).toEqual(state);
    for (const freePfns of [[5, 8], [4], [6, 6], [5.5]]) {
      expect(() => new FrameAllocator({ ...state, freePfns })).toThrow(RangeError);
    }
    // Frames past 16 GiB can never have been handed out.
    const past = MAX_RAM_BYTES / 4096 + 1;
    expect(() => new FrameAllocator({ firstPfn: 1, endPfn: past, nextPfn: past, freePfns: [] })).toThrow(
      RangeError,
    );
    expect(FrameAllocator.forRange(4096, 2 * MAX_RAM_BYTES).available()).toBe((2 * MAX_RAM_BYTES) / 4096 - 1);
  });
});

describe("FrameAllocator with 2^20 free frames", () => {
  const FREE = 2 ** 20;
  const big = (): { ram: Ram; alloc: FrameAllocator; state: AllocatorState } => {
    const freePfns: number[] = [];
    for (let pfn = 1; pfn <= FREE; pfn++) freePfns.push(pfn);
    const state = { firstPfn: 1, endPfn: 2 ** 22, nextPfn: FREE + 1, freePfns };
    return { ram: new Ram(MAX_RAM_BYTES), alloc: new FrameAllocator(state), state };
  };

  /** `toEqual` on 2^20-element lists takes seconds: the lists are compared by a loop. */
  const expectState = (alloc: FrameAllocator, state: AllocatorState): void => {
    const now = alloc.state();
    expect({ ...now, freePfns: null }).toEqual({ ...state, freePfns: null });
    expect(now.freePfns.length).toBe(state.freePfns.length);
    expect(now.freePfns.findIndex((pfn, i) => pfn !== state.freePfns[i])).toBe(-1);
  };

  it("restores a state() or a clone() of itself", () => {
    const { ram, alloc, state } = big();
    expectState(alloc, state);
    const saved = alloc.state();
    const before = alloc.clone();
    for (let k = 0; k < 10; k++) alloc.alloc(ram);
    alloc.free(4096);
    alloc.restore(saved);
    expectState(alloc, state);
    for (let k = 0; k < 10; k++) alloc.alloc(ram);
    alloc.restore(before);
    expectState(alloc, state);
    expect(alloc.alloc(ram)).toEqual({ ok: true, value: FREE * 4096 }); // last listed, first out
    expectState(before, state); // restoring from a clone leaves the clone as it was
  });

  it("clones share the free list: 200 clones, each changed, hold a few KiB each", () => {
    const { ram, alloc } = big();
    const footprint = new Footprint();
    alloc.countInto(footprint);
    let current = alloc;
    for (let k = 0; k < 200; k++) {
      current = current.clone();
      const frame = current.alloc(ram);
      if (!frame.ok) throw new Error(frame.error.message);
      if (k % 2 === 0) current.free(frame.value);
      const before = footprint.bytes;
      current.countInto(footprint);
      // The bitmap's directory and the chunk the step changed, and the frame pushed.
      expect(footprint.bytes - before).toBeLessThanOrEqual(16 * 1024);
    }
    expect(alloc.available()).toBe(2 ** 22 - 1 - FREE + FREE);
    expect(current.available()).toBe(2 ** 22 - 1 - 100);
  });
});

describe("FrameAllocator against a model", () => {
  type Op = { kind: "alloc" | "free" | "clone" | "save" | "restore"; of: number; pick: number };
  const op = fc.record({
    kind: fc.constantFrom("alloc", "alloc", "free", "free", "clone", "save", "restore"),
    of: fc.nat(),
    pick: fc.nat(),
  }) as fc.Arbitrary<Op>;

  it("alloc, free, clone and restore behave like a plain stack and set per allocator", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 16, max: 16 + 5000 }), { maxLength: 300 }),
        fc.array(op, { maxLength: 80 }),
        (initialFree, ops) => {
          const ram = new Ram(32 * MiB);
          const first = { firstPfn: 16, endPfn: 16 + 5000 + 40, nextPfn: 16 + 5001, freePfns: initialFree };
          const allocs = [new FrameAllocator(first)];
          const models = [{ next: first.nextPfn, free: [...initialFree] }];
          const saved: { from: number; alloc: FrameAllocator; state: AllocatorState }[] = [];
          for (const o of ops) {
            const k = o.of % allocs.length;
            const alloc = allocs[k] as FrameAllocator;
            const model = models[k] as { next: number; free: number[] };
            if (o.kind === "alloc") {
              const r = alloc.alloc(ram);
              const expected =
                model.free.length > 0 ? model.free.pop() : model.next < first.endPfn ? model.next++ : null;
              expect(r.ok ? r.value / 4096 : null).toBe(expected);
            } else if (o.kind === "free") {
              const pfn = first.firstPfn + (o.pick % (model.next - first.firstPfn + 2));
              const allocated = pfn < model.next && !model.free.includes(pfn);
              expect(alloc.isAllocated(pfn)).toBe(allocated);
              expect(alloc.free(pfn * 4096).ok).toBe(allocated);
              if (allocated) model.free.push(pfn);
            } else if (o.kind === "clone") {
              allocs.push(alloc.clone());
              models.push({ next: model.next, free: [...model.free] });
            } else if (o.kind === "save") {
              saved.push({ from: k, alloc: alloc.clone(), state: alloc.state() });
            } else {
              const s = saved.find((x) => x.from === k);
              if (s === undefined) continue;
              alloc.restore(o.pick % 2 === 0 ? s.alloc : s.state);
              model.next = s.state.nextPfn;
              model.free = [...s.state.freePfns];
            }
            expect(alloc.state()).toEqual({ ...first, nextPfn: model.next, freePfns: model.free });
            expect(alloc.available()).toBe(first.endPfn - model.next + model.free.length);
          }
          allocs.forEach((a, i) => {
            const m = models[i] as { next: number; free: number[] };
            expect(a.state()).toEqual({ ...first, nextPfn: m.next, freePfns: m.free });
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});
