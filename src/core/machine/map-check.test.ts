import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PAGE_4K, type VirtAddr } from "../arch";
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
