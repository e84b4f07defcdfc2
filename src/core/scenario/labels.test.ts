import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PhysAddr, VirtAddr } from "../arch";
import { frameNames, vaNameOf, vaRangeNames } from "./labels";
import type { ScenarioLabel } from "./scenario-state";

const frame = (addr: number, name: string): ScenarioLabel => ({
  kind: "frame",
  addr: addr as PhysAddr,
  name,
});
const range = (start: bigint, last: bigint, name: string): ScenarioLabel => ({
  kind: "va-range",
  start: start as VirtAddr,
  last: last as VirtAddr,
  name,
});

describe("scenario names", () => {
  it("names frames by address, the first name winning", () => {
    const names = frameNames([frame(0x1000, "PML4"), range(0n, 10n, "low"), frame(0x1000, "again")]);
    expect([...names]).toEqual([[0x1000, "PML4"]]);
  });

  it("a VA takes the name of the narrowest range holding it; the ends are inclusive", () => {
    const names = vaRangeNames([
      range(0xffff_8000_0000_0000n, 0xffff_ffff_ffff_ffffn, "kernel half"),
      range(0xffff_ffff_8000_0000n, 0xffff_ffff_bfff_ffffn, "kernel text"),
    ]);
    expect(vaNameOf(names, 0xffff_ffff_8000_0000n)).toBe("kernel text");
    expect(vaNameOf(names, 0xffff_ffff_bfff_ffffn)).toBe("kernel text");
    expect(vaNameOf(names, 0xffff_ffff_c000_0000n)).toBe("kernel half");
    expect(vaNameOf(names, 0x1000n)).toBeNull();
  });

  it("agrees with a scan of every range for the smallest one holding the VA (property)", () => {
    const r = fc
      .tuple(fc.bigInt({ min: 0n, max: 1n << 20n }), fc.bigInt({ min: 0n, max: 1n << 20n }))
      .map(([a, b]): [bigint, bigint] => (a <= b ? [a, b] : [b, a]));
    fc.assert(
      fc.property(fc.array(r, { maxLength: 6 }), fc.bigInt({ min: 0n, max: 1n << 20n }), (ranges, va) => {
        const labels = ranges.map(([a, b], i) => range(a, b, `r${i}`));
        const holding = ranges
          .map(([a, b], i) => ({ size: b - a, i, holds: va >= a && va <= b }))
          .filter((x) => x.holds);
        const smallest = holding.reduce<bigint | null>(
          (m, x) => (m === null || x.size < m ? x.size : m),
          null,
        );
        const got = vaNameOf(vaRangeNames(labels), va);
        if (smallest === null) expect(got).toBeNull();
        else {
          const k = Number((got ?? "r-1").slice(1));
          const [a, b] = ranges[k] ?? [0n, -1n];
          expect(va >= a && va <= b && b - a === smallest).toBe(true);
        }
      }),
    );
  });
});
