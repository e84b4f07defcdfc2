import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PAGE_2M, PAGE_4K, type VirtAddr } from "../arch";
import type { MapRequest } from "../space";
import { machineFromScenario, presetById } from "../scenario";
import { walk } from "../walk";
import { MachineDraft, type Machine } from "./machine";
import { checkMapping, describeChange, grantUpperRights, intendedAccesses, mapOn } from "./map-check";

function workedExample(): Machine {
  const build = presetById("worked-example")?.build;
  if (!build) throw new Error("no worked example");
  return machineFromScenario(build());
}

/** PT[126] beside the worked example's page: its upper entries (PML4[1], PDPT[0], PD[511]) have U/S = 0. */
const NEXT_TO_EXAMPLE = 0x80_3fe7_e000n as VirtAddr;
const PATH = [0x1000 + 1 * 8, 0x4000, 0x6000 + 511 * 8];

describe("checkMapping", () => {
  it("a user page under supervisor-only upper entries: the user read faults at the PML4, and the fix says where", () => {
    const machine = workedExample();
    const request: MapRequest = {
      va: NEXT_TO_EXAMPLE,
      pa: 0x7000,
      size: PAGE_4K,
      leafFlags: { user: true, writable: true },
    };
    const check = checkMapping(machine, request);
    if (!check.ok) throw new Error(check.error.message);
    expect(check.value.denials.map((d) => [d.access.op, d.access.mode, d.level, d.index, d.cause])).toEqual([
      ["read", "user", 4, 1, "US"],
      ["write", "user", 4, 1, "US"],
      ["fetch", "user", 4, 1, "US"],
    ]);
    expect(check.value.changes.map(describeChange)).toEqual([
      "PML4[1] U/S = 1",
      "PDPT[0] U/S = 1",
      "PD[511] U/S = 1",
    ]);
    // The check maps on a draft that it drops: the machine is untouched.
    expect(
      walk(machine.ram, machine.regs, NEXT_TO_EXAMPLE, { op: "read", mode: "supervisor" }).translation.kind,
    ).toBe("not-present");
  });

  it("a supervisor page there is fine; a mapping the core refuses gives its error", () => {
    const machine = workedExample();
    const sup = checkMapping(machine, {
      va: NEXT_TO_EXAMPLE,
      pa: 0x7000,
      size: PAGE_4K,
      leafFlags: { writable: true },
    });
    expect(sup.ok && sup.value.denials).toEqual([]);
    const taken = checkMapping(machine, {
      va: 0x80_3fe7_f000n as VirtAddr,
      pa: 0x7000,
      size: PAGE_4K,
      leafFlags: {},
    });
    expect(taken.ok).toBe(false);
  });
});

describe("checkMapping's hazards", () => {
  const userWritable = { user: true, writable: true };
  const hazardsOf = (machine: Machine, request: MapRequest): string[] => {
    const check = checkMapping(machine, request);
    if (!check.ok) throw new Error(check.error.message);
    return check.value.hazards.map((h) => `${h.kind}: ${h.message}`);
  };

  it("a user-writable page over one of the tables is a hazard; a supervisor page over it (a direct map) is not", () => {
    const machine = workedExample();
    // 0x8000 is the worked example's PT (and the Map form's first PA).
    expect(
      hazardsOf(machine, { va: NEXT_TO_EXAMPLE, pa: 0x8000, size: PAGE_4K, leafFlags: userWritable }),
    ).toEqual([
      "user-writable-table: PA 0x8000 holds a page table of this address space: user code could write it through this page and map itself anything.",
    ]);
    expect(
      hazardsOf(machine, { va: NEXT_TO_EXAMPLE, pa: 0x8000, size: PAGE_4K, leafFlags: { writable: true } }),
    ).toEqual([]);
    expect(
      hazardsOf(machine, { va: NEXT_TO_EXAMPLE, pa: 0x8000, size: PAGE_4K, leafFlags: { user: true } }),
    ).toEqual([]);
    expect(
      hazardsOf(machine, { va: NEXT_TO_EXAMPLE, pa: 0x7000, size: PAGE_4K, leafFlags: userWritable }),
    ).toEqual([]);
    // A 2 MiB page from 0 covers the PML4 at 0x1000 and every other table.
    expect(
      hazardsOf(machine, { va: 0x4000_0000n as VirtAddr, pa: 0, size: PAGE_2M, leafFlags: userWritable }),
    ).toEqual([
      "user-writable-table: The 2 MiB at PA 0x0–0x1fffff hold a page table of this address space: user code could write it through this page and map itself anything.",
    ]);
  });

  it("a page over the frame the mapping itself takes for its new page table is a hazard", () => {
    const machine = workedExample();
    const va = 0x4000_0000n as VirtAddr;
    // Where the new PT goes: map a harmless page on a draft and look.
    const probe = new MachineDraft(machine);
    expect(mapOn(probe, { va, pa: 0x20_0000, size: PAGE_4K, leafFlags: {} }).ok).toBe(true);
    const newPt = walk(probe.readRam, probe.regs, va, { op: "read", mode: "supervisor" }).steps.at(
      -1,
    )?.tableAddr;
    expect(newPt).toBeGreaterThan(0x8000); // a frame no table used before
    expect(
      hazardsOf(machine, { va, pa: newPt as number, size: PAGE_4K, leafFlags: userWritable }),
    ).toHaveLength(1);
  });

  it("a frame outside RAM is a hazard for any flags; one that ends at RAM's end is not", () => {
    const machine = workedExample();
    expect(machine.ram.sizeBytes).toBe(0x100_0000);
    expect(hazardsOf(machine, { va: NEXT_TO_EXAMPLE, pa: 0x100_0000, size: PAGE_4K, leafFlags: {} })).toEqual(
      [
        "frame-outside-ram: PA 0x1000000 lies outside RAM, which ends at 0xffffff: right for device memory (MMIO), wrong for memory.",
      ],
    );
    expect(hazardsOf(machine, { va: NEXT_TO_EXAMPLE, pa: 0xff_f000, size: PAGE_4K, leafFlags: {} })).toEqual(
      [],
    );
    expect(
      hazardsOf(machine, { va: 0x4000_0000n as VirtAddr, pa: 0xe0_0000, size: PAGE_2M, leafFlags: {} }),
    ).toEqual([]);
    expect(
      hazardsOf(machine, { va: 0x4000_0000n as VirtAddr, pa: 0x100_0000, size: PAGE_2M, leafFlags: {} }),
    ).toEqual([
      "frame-outside-ram: The 2 MiB at PA 0x1000000–0x11fffff reach outside RAM, which ends at 0xffffff: right for device memory (MMIO), wrong for memory.",
    ]);
  });
});

describe("checkMapping and grantUpperRights against a reference model", () => {
  const bits = fc.record({ user: fc.boolean(), writable: fc.boolean(), xd: fc.boolean() });
  it("warns exactly when an upper entry lacks a right the leaf asks for; after the fix every intended access works", () => {
    fc.assert(
      fc.property(
        fc.array(bits, { minLength: 3, maxLength: 3 }),
        fc.record({ user: fc.boolean(), writable: fc.boolean(), executeDisable: fc.boolean() }),
        (upper, leafFlags) => {
          const base = workedExample();
          const setup = new MachineDraft(base);
          PATH.forEach((addr, i) => {
            const b = upper[i] as { user: boolean; writable: boolean; xd: boolean };
            let raw = setup.ram.readEntry(addr) & ~0x6n & ~(1n << 63n);
            if (b.user) raw |= 0x4n;
            if (b.writable) raw |= 0x2n;
            if (b.xd) raw |= 1n << 63n;
            setup.ram.writeEntry(addr, raw);
          });
          const machine = setup.finish();
          const request: MapRequest = { va: NEXT_TO_EXAMPLE, pa: 0x7000, size: PAGE_4K, leafFlags };
          const check = checkMapping(machine, request);
          if (!check.ok) throw new Error(check.error.message);
          // Reference: SDM §4.6 — U/S and R/W needed at every level, XD (NXE = 1) forbids fetches.
          const lacksUser = leafFlags.user && upper.some((b) => !b.user);
          const lacksWrite = leafFlags.writable && upper.some((b) => !b.writable);
          const lacksExec = !leafFlags.executeDisable && upper.some((b) => b.xd);
          expect(check.value.denials.length > 0).toBe(lacksUser || lacksWrite || lacksExec);
          expect(check.value.denials.every((d) => d.level > 1)).toBe(true);

          const draft = new MachineDraft(machine);
          expect(mapOn(draft, request).ok).toBe(true);
          grantUpperRights(draft, request);
          for (const access of intendedAccesses(leafFlags)) {
            expect(walk(draft.readRam, draft.regs, NEXT_TO_EXAMPLE, access).verdict.ok).toBe(true);
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});
