import { describe, expect, it } from "vitest";
import {
  virtAddr,
  PAGE_1G,
  PAGE_2M,
  PAGE_4K,
  DEFAULT_REGISTERS,
  CR4,
  pagingMode,
  type VirtAddr,
  type EntryFlags,
  type Registers,
  decodeEntry,
} from "../arch";
import { AddressSpace } from "./address-space";
import { FrameAllocator, Ram } from "../memory";
import { translateTraced, type Translation } from "../walk";

const MiB = 1024 * 1024;
const RW: EntryFlags = { writable: true, user: true };
const RO: EntryFlags = { user: true };

interface Fixture {
  readonly ram: Ram;
  readonly alloc: FrameAllocator;
  readonly space: AddressSpace;
  readonly regs: Registers;
}

function setup(options: { levels?: 4 | 5; frames?: number; ramBytes?: number } = {}): Fixture {
  const ram = new Ram(options.ramBytes ?? 64 * MiB);
  const alloc = FrameAllocator.forRange(0x10_0000, 0x10_0000 + (options.frames ?? 256) * 4096);
  const levels = options.levels ?? 4;
  const created = AddressSpace.create(ram, alloc, levels);
  if (!created.ok) throw new Error(created.error.message);
  const space = created.value;
  const regs = {
    ...DEFAULT_REGISTERS,
    cr3: space.root,
    cr4: DEFAULT_REGISTERS.cr4 | (levels === 5 ? CR4.LA57 : 0),
  };
  return { ram, alloc, space, regs };
}

const tr = (f: Fixture, va: bigint): Translation =>
  translateTraced(f.ram, pagingMode(f.regs), va as VirtAddr).translation;
const va = (v: bigint): VirtAddr => virtAddr(v);

/** Every touched frame's contents plus the allocator state: equal snapshots mean nothing changed. */
function snapshot(f: Fixture): { frames: Record<number, number[]>; alloc: unknown } {
  const frames: Record<number, number[]> = {};
  for (const pfn of f.ram.touchedFrames()) frames[pfn] = Array.from(f.ram.readFrame(pfn) as Uint32Array);
  return { frames, alloc: f.alloc.state() };
}

function expectError(result: { ok: boolean; error?: { kind: string } }, kind: string): void {
  expect(result.ok).toBe(false);
  expect(result.error?.kind).toBe(kind);
}

describe("AddressSpace.map", () => {
  it("maps 4 KiB, 2 MiB and 1 GiB pages, creating tables with the table flags", () => {
    const f = setup();
    expect(f.space.map({ va: va(0x40_0000_1000n), pa: 0x5000, size: PAGE_4K, leafFlags: RW }).ok).toBe(true);
    expect(f.space.map({ va: va(0x40_0020_0000n), pa: 0x60_0000, size: PAGE_2M, leafFlags: RO }).ok).toBe(
      true,
    );
    expect(
      f.space.map({
        va: va(0xffff_8000_4000_0000n),
        pa: 0x8000_0000,
        size: PAGE_1G,
        leafFlags: { executeDisable: true },
      }).ok,
    ).toBe(true);
    expect(tr(f, 0x40_0000_1234n)).toMatchObject({
      kind: "mapped",
      pa: 0x5234,
      pageSize: PAGE_4K,
      permissions: { writable: true, user: true },
    });
    expect(tr(f, 0x40_0021_2345n)).toMatchObject({
      kind: "mapped",
      pa: 0x61_2345,
      pageSize: PAGE_2M,
      permissions: { writable: false },
    });
    expect(tr(f, 0xffff_8000_7fff_ffffn)).toMatchObject({
      kind: "mapped",
      pa: 0xbfff_ffff,
      pageSize: PAGE_1G,
      permissions: { user: false, executeDisable: true },
    });
    expect(f.space.query(va(0x40_0021_2345n))).toBe(0x61_2345);
    expect(f.space.query(va(0x40_0040_0000n))).toBeNull();
    // root + (PDPT, PD, PT) for the low VAs + (PDPT) for the kernel one
    expect(f.alloc.available()).toBe(256 - 5);
    expect(f.space.leafLevelAt(va(0x40_0000_1000n))).toBe(1);
    expect(f.space.leafLevelAt(va(0x40_0020_0000n))).toBe(2);
    expect(f.space.leafLevelAt(va(0xffff_8000_4000_0000n))).toBe(3);
  });

  it("gives intermediate tables the caller's table flags, and nothing is set silently", () => {
    const f = setup();
    f.space.map({
      va: va(0x1000n),
      pa: 0x5000,
      size: PAGE_4K,
      leafFlags: {},
      tableFlags: { writable: true },
    });
    const r = translateTraced(f.ram, pagingMode(f.regs), va(0x1000n));
    expect(r.steps.map((s) => s.raw & 0xfffn)).toEqual([3n, 3n, 3n, 1n]);
    expect(r.translation).toMatchObject({ permissions: { writable: false, user: false, userLimitedBy: 4 } });
  });

  it("works with 5 levels", () => {
    const f = setup({ levels: 5 });
    expect(
      f.space.map({ va: va(0xff11_0000_0000_0000n), pa: 0x20_0000, size: PAGE_2M, leafFlags: RW }).ok,
    ).toBe(true);
    expect(tr(f, 0xff11_0000_0000_0042n)).toMatchObject({ kind: "mapped", pa: 0x20_0042 });
    expect(f.space.topLevelSpan()).toBe(1n << 48n);
  });

  it("refuses overlaps with a specific error and changes nothing", () => {
    const f = setup();
    f.space.map({ va: va(0x20_0000n), pa: 0x20_0000, size: PAGE_2M, leafFlags: RW });
    f.space.map({ va: va(0x40_0000n), pa: 0x5000, size: PAGE_4K, leafFlags: RW });
    const before = snapshot(f);
    expectError(f.space.map({ va: va(0x20_0000n), pa: 0x40_0000, size: PAGE_2M, leafFlags: RW }), "overlap");
    const inside = f.space.map({ va: va(0x20_1000n), pa: 0x5000, size: PAGE_4K, leafFlags: RW });
    expectError(inside, "overlap");
    expect(inside.ok ? "" : inside.error.message).toBe(
      "0x201000 lies in the 2 MiB page at 0x200000: unmap that page first (or split it, to change one page of it).",
    );
    const same = f.space.map({ va: va(0x40_0000n), pa: 0x6000, size: PAGE_4K, leafFlags: RW });
    expect(same.ok ? "" : same.error.message).toBe("0x400000 is already mapped; unmap it first.");
    expectError(f.space.map({ va: va(0x40_0000n), pa: 0x5000, size: PAGE_4K, leafFlags: RW }), "overlap");
    expectError(
      f.space.map({ va: va(0x40_0000n), pa: 0x40_0000, size: PAGE_2M, leafFlags: RW }),
      "huge-page-in-the-way",
    );
    expectError(f.space.map({ va: va(0n), pa: 0, size: PAGE_1G, leafFlags: RW }), "huge-page-in-the-way");
    expect(snapshot(f)).toEqual(before);
  });

  it("refuses misaligned, non-canonical and too-wide requests", () => {
    const f = setup();
    const before = snapshot(f);
    expectError(f.space.map({ va: va(0x1800n), pa: 0x5000, size: PAGE_4K, leafFlags: RW }), "misaligned");
    expectError(f.space.map({ va: va(0x1000n), pa: 0x5800, size: PAGE_4K, leafFlags: RW }), "misaligned");
    expectError(f.space.map({ va: va(0x1000n), pa: 0x5000, size: PAGE_2M, leafFlags: RW }), "misaligned");
    expectError(
      f.space.map({ va: va(0x20_0000n), pa: 0x30_0000, size: PAGE_2M, leafFlags: RW }),
      "misaligned",
    );
    expectError(
      f.space.map({ va: va(0x4000_0000n), pa: 0x20_0000, size: PAGE_1G, leafFlags: RW }),
      "misaligned",
    );
    expectError(
      f.space.map({ va: va(0x8000_0000_0000n), pa: 0x5000, size: PAGE_4K, leafFlags: RW }),
      "non-canonical",
    );
    expectError(
      f.space.map({ va: va(0x1000n), pa: 2 ** 52, size: PAGE_4K, leafFlags: RW }),
      "address-too-wide",
    );
    expect(snapshot(f)).toEqual(before);
  });

  it("out of frames leaves RAM and the allocator unchanged", () => {
    const f = setup({ frames: 3 }); // root + 2
    const before = snapshot(f);
    const refused = f.space.map({ va: va(0x1000n), pa: 0x5000, size: PAGE_4K, leafFlags: RW });
    expectError(refused, "out-of-frames");
    // A PDPT, a PD and a PT are missing; the message says so and how many frames are left.
    expect(!refused.ok && refused.error.message).toBe(
      "Mapping 0x1000 needs 3 new tables, but the frame allocator has only 2 frames left.",
    );
    expect(snapshot(f)).toEqual(before);
    expect(f.space.map({ va: va(0x4000_0000n), pa: 0x4000_0000, size: PAGE_1G, leafFlags: RW }).ok).toBe(
      true,
    );
    expect(f.space.map({ va: va(0x20_0000n), pa: 0x20_0000, size: PAGE_2M, leafFlags: RW }).ok).toBe(true);
    const full = snapshot(f);
    const again = f.space.map({ va: va(0x1000n), pa: 0x5000, size: PAGE_4K, leafFlags: RW });
    expectError(again, "out-of-frames");
    expect(!again.ok && again.error.message).toBe(
      "Mapping 0x1000 needs 1 new table, but the frame allocator has no frame left.",
    );
    expect(snapshot(f)).toEqual(full);
  });

  it("out of frames because the allocator's range runs past RAM also changes nothing", () => {
    const ram = new Ram(0x10_3000); // the allocator below believes it has 0x100 frames, RAM holds 3
    const alloc = FrameAllocator.forRange(0x10_0000, 0x20_0000);
    const created = AddressSpace.create(ram, alloc, 4);
    if (!created.ok) throw new Error("create");
    const f: Fixture = {
      ram,
      alloc,
      space: created.value,
      regs: { ...DEFAULT_REGISTERS, cr3: created.value.root },
    };
    const before = snapshot(f);
    expectError(f.space.map({ va: va(0x1000n), pa: 0x5000, size: PAGE_4K, leafFlags: RW }), "out-of-frames");
    expect(snapshot(f)).toEqual(before);
  });
});

describe("AddressSpace.unmap", () => {
  it("removes the leaf and frees tables that become empty, never the root", () => {
    const f = setup();
    const start = f.alloc.available();
    f.space.map({ va: va(0x1000n), pa: 0x5000, size: PAGE_4K, leafFlags: RW });
    f.space.map({ va: va(0x2000n), pa: 0x6000, size: PAGE_4K, leafFlags: RW });
    expect(f.alloc.available()).toBe(start - 3);
    expect(f.space.unmap(va(0x1000n), PAGE_4K).ok).toBe(true);
    expect(tr(f, 0x1000n)).toEqual({ kind: "not-present", level: 1 });
    expect(f.alloc.available()).toBe(start - 3); // the PT still holds 0x2000
    expect(f.space.unmap(va(0x2000n), PAGE_4K).ok).toBe(true);
    expect(f.alloc.available()).toBe(start);
    expect(tr(f, 0x2000n)).toEqual({ kind: "not-present", level: 4 });
    // The freed tables were zeroed; only the (now empty) root is left.
    expect(f.ram.touchedFrames().filter((pfn) => pfn !== f.space.root / 4096)).toEqual([]);
    expect(Array.from(f.ram.readFrame(f.space.root / 4096) as Uint32Array).every((w) => w === 0)).toBe(true);
    expect(f.alloc.isAllocated(f.space.root / 4096)).toBe(true);
  });

  it("frees empty tables of huge pages too", () => {
    const f = setup();
    const start = f.alloc.available();
    f.space.map({ va: va(0x4000_0000n), pa: 0x4000_0000, size: PAGE_1G, leafFlags: RW });
    f.space.map({ va: va(0x20_0000n), pa: 0x20_0000, size: PAGE_2M, leafFlags: RW });
    expect(f.space.unmap(va(0x20_0000n), PAGE_2M).ok).toBe(true);
    expect(f.alloc.available()).toBe(start - 1); // PD freed, PDPT kept for the 1 GiB page
    expect(f.space.unmap(va(0x4000_0000n), PAGE_1G).ok).toBe(true);
    expect(f.alloc.available()).toBe(start);
  });

  it("size mismatch, not mapped, misaligned and non-canonical are errors that change nothing", () => {
    const f = setup();
    f.space.map({ va: va(0x20_0000n), pa: 0x20_0000, size: PAGE_2M, leafFlags: RW });
    f.space.map({ va: va(0x40_0000n), pa: 0x5000, size: PAGE_4K, leafFlags: RW });
    const before = snapshot(f);
    expectError(f.space.unmap(va(0x20_0000n), PAGE_4K), "size-mismatch");
    expectError(f.space.unmap(va(0x20_1000n), PAGE_4K), "size-mismatch");
    expectError(f.space.unmap(va(0x40_0000n), PAGE_2M), "size-mismatch");
    expectError(f.space.unmap(va(0n), PAGE_1G), "size-mismatch");
    expectError(f.space.unmap(va(0x40_1000n), PAGE_4K), "not-mapped");
    expectError(f.space.unmap(va(0x8000_0000n), PAGE_2M), "not-mapped");
    expectError(f.space.unmap(va(0x20_0800n), PAGE_4K), "misaligned");
    expectError(f.space.unmap(va(0xffff_0000_0000_0000n), PAGE_4K), "non-canonical");
    expect(snapshot(f)).toEqual(before);
  });

  it("with split: true, unmaps one 4 KiB page out of a 2 MiB page, keeping the rest", () => {
    const f = setup();
    f.space.map({
      va: va(0x20_0000n),
      pa: 0x60_0000,
      size: PAGE_2M,
      leafFlags: { ...RW, global: true, pat: true },
    });
    expect(f.space.unmap(va(0x20_5000n), PAGE_4K, { split: true }).ok).toBe(true);
    expect(tr(f, 0x20_5000n)).toEqual({ kind: "not-present", level: 1 });
    for (const off of [0n, 0x4fffn, 0x6000n, 0x1f_ffffn]) {
      const t = tr(f, 0x20_0000n + off);
      expect(t).toMatchObject({
        kind: "mapped",
        pa: 0x60_0000 + Number(off),
        pageSize: PAGE_4K,
        permissions: { writable: true, user: true },
      });
      const steps = translateTraced(f.ram, pagingMode(f.regs), va(0x20_0000n + off)).steps;
      const leaf = steps[steps.length - 1];
      if (t.kind === "mapped" && leaf)
        expect(decodeEntry(leaf.raw, leaf.level)).toMatchObject({ global: true, pat: true }); // PAT moved from bit 12 to bit 7
    }
  });

  it("with split: true, splits a 1 GiB page down to 4 KiB", () => {
    const f = setup();
    f.space.map({ va: va(0x4000_0000n), pa: 0x8000_0000, size: PAGE_1G, leafFlags: RO });
    expect(f.space.unmap(va(0x4060_1000n), PAGE_4K, { split: true }).ok).toBe(true);
    expect(tr(f, 0x4060_1000n)).toEqual({ kind: "not-present", level: 1 });
    expect(tr(f, 0x4060_2000n)).toMatchObject({
      kind: "mapped",
      pa: 0x8060_2000,
      pageSize: PAGE_4K,
      permissions: { writable: false },
    });
    expect(tr(f, 0x4000_0000n)).toMatchObject({ kind: "mapped", pa: 0x8000_0000, pageSize: PAGE_2M });
    expect(tr(f, 0x7fe0_0000n)).toMatchObject({ kind: "mapped", pa: 0xbfe0_0000, pageSize: PAGE_2M });
  });

  it("a split that runs out of frames changes nothing", () => {
    const f = setup({ frames: 4 }); // root, PDPT, PD, one spare
    f.space.map({ va: va(0x4000_0000n), pa: 0x8000_0000, size: PAGE_1G, leafFlags: RW });
    f.space.map({ va: va(0x20_0000n), pa: 0x20_0000, size: PAGE_2M, leafFlags: RW });
    expect(f.alloc.available()).toBe(1);
    const before = snapshot(f);
    expectError(f.space.unmap(va(0x4000_1000n), PAGE_4K, { split: true }), "out-of-frames");
    expect(snapshot(f)).toEqual(before);
    expectError(f.space.protect(va(0x4000_1000n), PAGE_4K, RO, { split: true }), "out-of-frames");
    expect(snapshot(f)).toEqual(before);
  });
});

describe("AddressSpace.protect", () => {
  it("changes flags and keeps the address", () => {
    const f = setup();
    f.space.map({ va: va(0x1000n), pa: 0x5000, size: PAGE_4K, leafFlags: RW });
    f.space.map({ va: va(0x4000_0000n), pa: 0x8000_0000, size: PAGE_1G, leafFlags: RW });
    expect(f.space.protect(va(0x1000n), PAGE_4K, { executeDisable: true }).ok).toBe(true);
    expect(tr(f, 0x1000n)).toMatchObject({
      kind: "mapped",
      pa: 0x5000,
      permissions: { writable: false, user: false, executeDisable: true },
    });
    expect(f.space.protect(va(0x4000_0000n), PAGE_1G, RO).ok).toBe(true);
    expect(tr(f, 0x4123_4567n)).toMatchObject({
      kind: "mapped",
      pa: 0x8123_4567,
      pageSize: PAGE_1G,
      permissions: { writable: false },
    });
  });

  it("refuses part of a huge page without split, and a missing page", () => {
    const f = setup();
    f.space.map({ va: va(0x20_0000n), pa: 0x20_0000, size: PAGE_2M, leafFlags: RW });
    const before = snapshot(f);
    expectError(f.space.protect(va(0x20_1000n), PAGE_4K, RO), "size-mismatch");
    expectError(f.space.protect(va(0x40_0000n), PAGE_2M, RO), "not-mapped");
    expectError(f.space.protect(va(0x20_0000n), PAGE_1G, RO), "misaligned");
    expect(snapshot(f)).toEqual(before);
  });

  it("with split: true, changes one 4 KiB page of a 2 MiB page, either way", () => {
    const f = setup();
    f.space.map({ va: va(0x20_0000n), pa: 0x20_0000, size: PAGE_2M, leafFlags: RW });
    expect(f.space.protect(va(0x20_3000n), PAGE_4K, RO, { split: true }).ok).toBe(true);
    expect(tr(f, 0x20_3000n)).toMatchObject({
      kind: "mapped",
      pa: 0x20_3000,
      permissions: { writable: false, user: true },
    });
    expect(tr(f, 0x20_4000n)).toMatchObject({
      kind: "mapped",
      pa: 0x20_4000,
      permissions: { writable: true, user: true },
    });

    // Making one page of a read-only supervisor page writable and user-accessible must work too.
    const g = setup();
    g.space.map({ va: va(0x20_0000n), pa: 0x20_0000, size: PAGE_2M, leafFlags: {} });
    expect(g.space.protect(va(0x20_3000n), PAGE_4K, RW, { split: true }).ok).toBe(true);
    expect(tr(g, 0x20_3000n)).toMatchObject({
      kind: "mapped",
      pa: 0x20_3000,
      permissions: { writable: true, user: true },
    });
    expect(tr(g, 0x20_4000n)).toMatchObject({
      kind: "mapped",
      pa: 0x20_4000,
      permissions: { writable: false, user: false },
    });
  });

  it("with split: true, protects one 2 MiB part of a 1 GiB page", () => {
    const f = setup();
    f.space.map({ va: va(0x4000_0000n), pa: 0x4000_0000, size: PAGE_1G, leafFlags: RO });
    expect(f.space.protect(va(0x4020_0000n), PAGE_2M, RW, { split: true }).ok).toBe(true);
    expect(tr(f, 0x4020_0000n)).toMatchObject({
      kind: "mapped",
      pageSize: PAGE_2M,
      permissions: { writable: true },
    });
    expect(tr(f, 0x4040_0000n)).toMatchObject({
      kind: "mapped",
      pageSize: PAGE_2M,
      permissions: { writable: false },
    });
  });
});

describe("regions", () => {
  it("mapRegion tiles greedily with 1 GiB, 2 MiB and 4 KiB pages", () => {
    const f = setup();
    // 4 KiB × 511 up to 2 MiB, 2 MiB × 511 up to 1 GiB, 1 GiB × 1, 2 MiB × 1, 4 KiB × 1
    const start = 0x4000_1000n;
    const length = 0x8000_0000 - 0x4000_1000 + PAGE_1G + PAGE_2M + PAGE_4K;
    const r = f.space.mapRegion(va(start), 0x4000_1000, length, RW);
    expect(r).toEqual({ ok: true, value: 511 + 511 + 1 + 1 + 1 });
    const sizes = new Map<number, number>();
    for (let off = 0; off < length;) {
      const leaf = f.space.leafLevelAt(va(start + BigInt(off)));
      const size = leaf === 1 ? PAGE_4K : leaf === 2 ? PAGE_2M : PAGE_1G;
      sizes.set(size, (sizes.get(size) ?? 0) + 1);
      expect(f.space.query(va(start + BigInt(off)))).toBe(0x4000_1000 + off);
      off += size - (Number(start + BigInt(off)) % size);
    }
    expect(Object.fromEntries(sizes)).toEqual({ [PAGE_4K]: 512, [PAGE_2M]: 512, [PAGE_1G]: 1 });
    expect(tr(f, start + BigInt(length))).toMatchObject({ kind: "not-present" });
  });

  it("mapRegion uses small pages when VA and PA alignments differ", () => {
    const f = setup();
    expect(f.space.mapRegion(va(0x20_0000n), 0x20_1000, 2 * PAGE_2M, RW)).toEqual({ ok: true, value: 1024 });
    expect(f.space.mapRegion(va(0x4000_0000n), 0x4000_0000, 0, RW)).toEqual({ ok: true, value: 0 });
  });

  it("mapRegion is all or nothing: an overlap at the end rolls every page and table back", () => {
    const f = setup();
    f.space.map({ va: va(0x40_5000n), pa: 0x5000, size: PAGE_4K, leafFlags: RW });
    const before = snapshot(f);
    const r = f.space.mapRegion(va(0x7f_c000_0000n), 0x4000_0000, PAGE_1G + PAGE_2M, RW);
    expect(r.ok).toBe(true);
    expect(f.space.unmapRegion(va(0x7f_c000_0000n), PAGE_1G + PAGE_2M)).toEqual({
      ok: true,
      value: { pages: 2, kept: [] },
    });
    expect(snapshot(f).frames).toEqual(before.frames); // freed frames now sit on the free stack
    expect(f.alloc.available()).toBe(256 - 4);
    const again = snapshot(f);
    expectError(f.space.mapRegion(va(0x20_0000n), 0x20_0000, 0x20_6000, RW), "overlap");
    expect(snapshot(f)).toEqual(again);
    expectError(f.space.mapRegion(va(0x1000n), 0x1001, 0x1000, RW), "misaligned");
  });

  it("mapRegion running out of frames part-way rolls back", () => {
    const f = setup({ frames: 4 });
    const before = snapshot(f);
    // 511 × 4 KiB, 3 × 2 MiB, 1 × 4 KiB: a PDPT, a PD and two PTs, one frame too many.
    const refused = f.space.mapRegion(va(0x1000n), 0x1000, 4 * PAGE_2M, RW);
    expectError(refused, "out-of-frames");
    expect(!refused.ok && refused.error.message).toBe(
      "Mapping 0x1000–0x800fff needs more new tables than the 3 frames the frame allocator has left.",
    );
    expect(snapshot(f)).toEqual(before);
  });

  it("unmapRegion removes whole pages, skips holes, and refuses to cut a huge page", () => {
    const f = setup();
    const start = f.alloc.available();
    f.space.mapRegion(va(0x3fe0_0000n), 0x3fe0_0000, PAGE_2M + PAGE_1G + PAGE_4K, RW);
    f.space.map({ va: va(0x8020_0000n), pa: 0x5000, size: PAGE_4K, leafFlags: RW });
    const before = snapshot(f);
    expectError(f.space.unmapRegion(va(0x4000_0000n), PAGE_2M), "huge-page-in-the-way");
    expectError(f.space.unmapRegion(va(0x3fe0_1000n), PAGE_4K), "huge-page-in-the-way");
    expect(snapshot(f)).toEqual(before);
    expect(f.space.unmapRegion(va(0x3fe0_0000n), PAGE_2M + PAGE_1G + PAGE_2M + PAGE_4K)).toEqual({
      ok: true,
      value: { pages: 4, kept: [] },
    });
    expect(f.alloc.available()).toBe(start);
    expectError(f.space.unmapRegion(va(0x1800n), PAGE_4K), "misaligned");
  });
});

describe("collapseEmptyTables", () => {
  it("frees empty tables below the root and clears the pointers to them", () => {
    const f = setup();
    const start = f.alloc.available();
    f.space.map({ va: va(0x1000n), pa: 0x5000, size: PAGE_4K, leafFlags: RW });
    f.space.map({ va: va(0x4000_0000n), pa: 0x4000_0000, size: PAGE_1G, leafFlags: RW });
    // Clear the 4 KiB leaf behind the address space's back: PT, then PD become empty.
    const steps = translateTraced(f.ram, pagingMode(f.regs), va(0x1000n)).steps;
    f.ram.writeEntry(steps[3]?.entryAddr as number, 0n);
    const { freed, kept } = f.space.collapseEmptyTables();
    expect([...freed].sort()).toEqual([steps[3]?.tableAddr, steps[2]?.tableAddr].sort());
    expect(kept).toEqual([]);
    expect(f.alloc.available()).toBe(start - 1); // the PDPT still holds the 1 GiB page
    expect(tr(f, 0x4000_0000n)).toMatchObject({ kind: "mapped" });
    expect(tr(f, 0x1000n)).toEqual({ kind: "not-present", level: 3 });
    expect(f.space.collapseEmptyTables()).toEqual({ freed: [], kept: [] });
  });

  it("is cycle-safe and leaves recursive slots and foreign tables alone", () => {
    const f = setup();
    f.ram.writeEntry(f.space.root + 510 * 8, BigInt(f.space.root) | 3n);
    f.ram.writeEntry(f.space.root + 2 * 8, 0x3000n | 3n); // an empty table the allocator never handed out
    expect(f.space.collapseEmptyTables()).toEqual({ freed: [], kept: [] });
    expect(f.ram.readEntry(f.space.root + 510 * 8)).toBe(BigInt(f.space.root) | 3n);
    expect(f.ram.readEntry(f.space.root + 2 * 8)).toBe(0x3000n | 3n);
  });

  it("an empty table shared by two parents stays, linked from both, and the outcome says why", () => {
    const f = setup();
    f.space.map({ va: va(0x1000n), pa: 0x5000, size: PAGE_4K, leafFlags: RW });
    const steps = translateTraced(f.ram, pagingMode(f.regs), va(0x1000n)).steps;
    const pdpt = steps[1]?.tableAddr as number;
    f.ram.writeEntry(f.space.root + 8, BigInt(pdpt) | 7n); // PML4[1] shares the PDPT
    f.ram.writeEntry(steps[3]?.entryAddr as number, 0n);
    const { freed, kept } = f.space.collapseEmptyTables();
    expect([...freed].sort()).toEqual([steps[3]?.tableAddr, steps[2]?.tableAddr].sort());
    expect(kept.map((k) => k.message)).toEqual([
      `The PDPT at 0x${pdpt.toString(16)} is empty but entry 1 of the PML4 at 0x${f.space.root.toString(16)} still points to it: kept.`,
    ]);
    expect(f.ram.readEntry(f.space.root)).toBe(BigInt(pdpt) | 7n); // no pointer to a freed frame, none cleared
    expect(f.ram.readEntry(f.space.root + 8)).toBe(BigInt(pdpt) | 7n);
    expect(f.alloc.isAllocated(pdpt / 4096)).toBe(true);
  });
});

describe("kernel half", () => {
  it("withKernelHalfOf shares entries 256-511 (and so the kernel's tables), not the user half", () => {
    const f = setup();
    f.space.map({ va: va(0xffff_8000_0000_0000n), pa: 0x20_0000, size: PAGE_2M, leafFlags: RW });
    f.space.map({ va: va(0x1000n), pa: 0x5000, size: PAGE_4K, leafFlags: RW });
    const created = AddressSpace.withKernelHalfOf(f.space);
    if (!created.ok) throw new Error("create");
    const other = created.value;
    expect(other.root).not.toBe(f.space.root);
    expect(other.query(va(0xffff_8000_0000_1234n))).toBe(0x20_1234);
    expect(other.query(va(0x1000n))).toBeNull();
    // A kernel mapping added later through either space shows in both (shared PDPT).
    f.space.map({ va: va(0xffff_8000_0040_0000n), pa: 0x40_0000, size: PAGE_2M, leafFlags: RW });
    expect(other.query(va(0xffff_8000_0040_0000n))).toBe(0x40_0000);
    other.clearLowerHalf();
    expect(other.query(va(0xffff_8000_0000_0000n))).toBe(0x20_0000);
  });

  it("clearLowerHalf empties entries 0-255 of the root", () => {
    const f = setup();
    f.space.map({ va: va(0x1000n), pa: 0x5000, size: PAGE_4K, leafFlags: RW });
    f.space.map({ va: va(0xffff_8000_0000_0000n), pa: 0x20_0000, size: PAGE_2M, leafFlags: RW });
    f.space.clearLowerHalf();
    expect(f.space.query(va(0x1000n))).toBeNull();
    expect(f.space.query(va(0xffff_8000_0000_0000n))).toBe(0x20_0000);
  });
});
