import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_REGISTERS, type Access, type VirtAddr } from "../arch";
import { Ram } from "../memory";
import { CpuTlb } from "./cpu-tlb";
import { tlbReach } from "./reach";
import { DEFAULT_TLB_CONFIG, type TlbConfig } from "./tlb-config";

const read: Access = { op: "read", mode: "supervisor" };

/** RAM whose PML4[0] → PDPT → PDs map the first GiBs, 4 KiB pages (PTs) or 2 MiB pages. */
function machine(large: boolean, pages4k: number): Ram {
  const ram = new Ram(64 * 1024 * 1024);
  ram.writeEntry(0x1000, 0x2003n);
  const pds = Math.ceil(pages4k / (512 * 512)) + 1;
  for (let d = 0; d < pds; d++) {
    const pd = 0x3000 + d * 0x1000;
    ram.writeEntry(0x2000 + d * 8, BigInt(pd) | 3n);
    for (let i = 0; i < 512; i++) {
      const slice = d * 512 + i; // 2 MiB slice number
      if (large) ram.writeEntry(pd + i * 8, (BigInt(slice) * 0x200000n) | 0x83n);
      else if (slice * 512 < pages4k + 512) {
        const pt = 0x100000 + slice * 0x1000;
        ram.writeEntry(pd + i * 8, BigInt(pt) | 3n);
        for (let j = 0; j < 512; j++) ram.writeEntry(pt + j * 8, (BigInt(slice * 512 + j) * 0x1000n) | 3n);
      }
    }
  }
  return ram;
}

function simulate(config: TlbConfig, large: boolean, n: number, stride: number, repeats: number): number {
  const ram = machine(large, n * stride);
  const cpu = new CpuTlb({ ...DEFAULT_REGISTERS, cr3: 0x1000 }, config);
  for (let r = 0; r < repeats; r++)
    for (let i = 0; i < n; i++) cpu.access(ram, BigInt(i * stride * 4096) as VirtAddr, read);
  return cpu.hits / (n * repeats);
}

describe("TLB reach", () => {
  it("equals the TLB model's own hit rate for every N, stride and shape tried", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(1, 2, 3, 64, 513),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom({ entries: 8, ways: 2 }, { entries: 4, ways: 4 }, { entries: 16, ways: 4 }),
        (n, stride, repeats, shape) => {
          const config = { ...DEFAULT_TLB_CONFIG, dtlb4k: shape, dtlbLarge: shape };
          const point = tlbReach({ dtlb4k: shape, dtlbLarge: shape, stride, repeats, maxPages: n })[n - 1];
          expect(point?.hitRate4k).toBeCloseTo(simulate(config, false, n, stride, repeats), 10);
          expect(point?.hitRate2m).toBeCloseTo(simulate(config, true, n, stride, repeats), 10);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("shows the default DTLB reach: 64 pages hit after the first round, 65 do not, 8,192 never do", () => {
    const points = tlbReach({ ...DEFAULT_TLB_CONFIG, stride: 1, repeats: 10, maxPages: 8192 });
    expect(points).toHaveLength(8192);
    expect(points[63]?.hitRate4k).toBeCloseTo(0.9);
    // Sequential pages spread over the 16 sets: 4 ways × 16 sets = 64 pages fit, 65 do not all fit.
    expect(points[64]?.hitRate4k).toBeLessThan(0.9);
    expect(points[8191]?.hitRate4k).toBe(0);
    // 8,192 pages of 4 KiB are 16 large pages: they all fit in the 2 MiB DTLB.
    expect(points[8191]?.hitRate2m).toBeGreaterThan(0.99);
  });
});
