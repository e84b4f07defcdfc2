/**
 * walkSteps against a simple reference, over random chains of tables, registers and accesses: one
 * read step per entry the walk read, each with entry address = base + index × 8 (index from the VA's
 * bits), the steps in the documented order, the last step agreeing with the verdict, PA = base +
 * offset, one A/D step per write of `accessedDirtyWrites`, and the rights so far at the leaf equal
 * to the walk's effective permissions.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ACCESS_KINDS,
  CR0,
  CR4,
  EFER,
  RFLAGS_AC,
  accessOfKind,
  indexAt,
  virtAddr,
  type Level,
  type Registers,
} from "../arch";
import { Ram } from "../memory";
import { accessedDirtyWrites, walk, type WalkResult } from "../walk";
import { NO_LIMITS, withEntry } from "./read-step";
import { walkSteps } from "./walk-steps";

const RAM_BYTES = 0x10_0000;

/** Flag bits of an entry: present most of the time, any of R/W, U/S, A, PS, XD, a key, a high bit. */
/** True with probability p (unbiased: fast-check otherwise favours the ends of a range). */
const chance = (p: number) => fc.noBias(fc.integer({ min: 0, max: 999 })).map((x) => x < p * 1000);
const entryFlags = fc.record({
  present: chance(0.93),
  rw: chance(0.8),
  us: chance(0.8),
  accessed: fc.boolean(),
  ps: chance(0.15),
  xd: chance(0.15),
  key: fc.integer({ min: 0, max: 15 }),
  highBit: fc.tuple(chance(0.08), fc.integer({ min: 36, max: 51 })).map(([on, b]) => (on ? b : null)),
  /** A huge page's frame not aligned to its size (its low address bits are reserved). */
  misaligned: chance(0.05),
  outside: chance(0.04),
});

const registers = fc
  .record({
    pagingOn: chance(0.97),
    wp: fc.boolean(),
    la57: fc.boolean(),
    smep: fc.boolean(),
    smap: fc.boolean(),
    pke: fc.boolean(),
    nxe: chance(0.75),
    ac: fc.boolean(),
    pkru: fc.integer({ min: 0, max: 0xffffffff }),
    maxPhyAddr: fc.integer({ min: 36, max: 52 }),
    pkruZero: fc.boolean(),
  })
  .map((r): Registers => ({
    cr0: ((r.pagingOn ? CR0.PG : 0) | CR0.PE | (r.wp ? CR0.WP : 0)) >>> 0,
    cr3: 0x1000,
    cr4:
      CR4.PAE |
      (r.la57 ? CR4.LA57 : 0) |
      (r.smep ? CR4.SMEP : 0) |
      (r.smap ? CR4.SMAP : 0) |
      (r.pke ? CR4.PKE : 0),
    efer: EFER.LME | EFER.LMA | (r.nxe ? EFER.NXE : 0),
    pkru: r.pkru,
    rflags: r.ac ? RFLAGS_AC : 0,
    maxPhyAddr: r.maxPhyAddr,
  }));

/** Mostly canonical addresses (sign-extended 48 or 57 bits), sometimes any 64-bit value. */
const vas = fc.oneof(
  { arbitrary: fc.bigInt({ min: 0n, max: (1n << 47n) - 1n }), weight: 4 },
  {
    arbitrary: fc.bigInt({ min: 0n, max: (1n << 47n) - 1n }).map((v) => v | 0xffff_8000_0000_0000n),
    weight: 2,
  },
  { arbitrary: fc.bigInt({ min: 0n, max: (1n << 56n) - 1n }), weight: 2 },
  { arbitrary: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), weight: 1 },
);

/** A walk over one chain of tables at 0x1000, 0x2000, …, each entry with random flags. */
const walks = fc
  .record({
    regs: registers,
    va: vas,
    flags: fc.array(entryFlags, { minLength: 5, maxLength: 5 }),
    leafFrame: fc.integer({ min: 0, max: 0x7fffff }),
    access: fc.constantFrom(...ACCESS_KINDS).map(accessOfKind),
  })
  .map(({ regs, va, flags, leafFrame, access }): WalkResult => {
    const ram = new Ram(RAM_BYTES);
    const levels = regs.cr4 & CR4.LA57 ? 5 : 4;
    const v = virtAddr(va);
    flags.slice(0, levels).forEach((f, k) => {
      const level = (levels - k) as Level;
      const table = (k + 1) * 0x1000;
      const align = level === 3 ? 0x4000_0000 : level === 2 ? 0x20_0000 : 0x1000;
      const page = leafFrame * 0x1000;
      const leafTarget = f.misaligned ? page : page - (page % align);
      const target = f.outside ? 0x10_0000_0000 : f.ps || level === 1 ? leafTarget : table + 0x1000;
      let raw = BigInt(target) | (f.present ? 1n : 0n) | (f.rw ? 2n : 0n) | (f.us ? 4n : 0n);
      raw |=
        (f.accessed ? 0x20n : 0n) | (f.ps ? 0x80n : 0n) | (f.xd ? 1n << 63n : 0n) | (BigInt(f.key) << 59n);
      if (f.highBit !== null) raw |= 1n << BigInt(f.highBit);
      ram.writeEntry(table + indexAt(v, level) * 8, raw);
    });
    return walk(ram, regs, v, access);
  });

const ORDER = /^(paging-off|split( read)*( translate access)?( fault| accessed-dirty)*)$/;
const hexOf = (n: number | bigint): string => `0x${n.toString(16)}`;

describe("walkSteps against a reference (property)", () => {
  it("reads, arithmetic, order, verdict, A/D writes and rights agree with the traced walk", () => {
    fc.assert(
      fc.property(walks, fc.boolean(), (result, accessedDirty) => {
        const steps = walkSteps(result, { accessedDirty });
        const kinds = steps.map((s) => s.kind);
        expect(kinds.join(" ")).toMatch(ORDER);
        if (result.translation.kind === "paging-off") {
          expect(kinds).toEqual(["paging-off"]);
          return;
        }

        // One read step per entry read, each with the walk's table and entry, and its arithmetic.
        const reads = steps.filter((s) => s.kind === "read");
        expect(reads).toHaveLength(result.steps.length);
        result.steps.forEach((step, k) => {
          const index = Number((result.va >> BigInt(12 + 9 * (step.level - 1))) & 511n);
          const entryAddr = step.tableAddr + index * 8;
          expect(reads[k]?.focus).toEqual({ level: step.level, tableAddr: step.tableAddr, index, entryAddr });
          expect(reads[k]?.lines.join("\n")).toContain(
            `${hexOf(step.tableAddr)} + ${index} × 8 = ${hexOf(entryAddr)}`,
          );
        });

        // The last step agrees with the verdict.
        const end = steps[steps.length - 1];
        const v = result.verdict;
        if (!v.ok) {
          expect(end?.kind).toBe("fault");
          expect(end?.title.startsWith(v.exception)).toBe(true);
          if (v.exception === "#PF")
            expect(end?.lines.join("\n")).toContain(`Error code ${hexOf(v.errorCode)}`);
        } else {
          expect(["access", "accessed-dirty"]).toContain(end?.kind);
          expect(steps.find((s) => s.kind === "access")?.lines.join("\n")).toContain("Allowed");
        }

        // PA = frame base + offset.
        const t = result.translation;
        const translate = steps.find((s) => s.kind === "translate");
        expect(translate !== undefined).toBe(t.kind === "mapped");
        if (t.kind === "mapped" && translate) {
          const offset = result.va % BigInt(t.pageSize);
          const sum = /PA = frame base \+ offset = (0x[0-9a-f]+) \+ (0x[0-9a-f]+) = (0x[0-9a-f]+)/.exec(
            translate.lines.join("\n"),
          );
          expect(sum).not.toBeNull();
          const [, base, off, pa] = sum as RegExpExecArray;
          expect(BigInt(off as string)).toBe(offset);
          expect(BigInt(base as string) + offset).toBe(BigInt(t.pa));
          expect(BigInt(pa as string)).toBe(BigInt(t.pa));

          // The rights followed read by read end where the walk's effective permissions are.
          let rights = NO_LIMITS;
          for (const step of result.steps) rights = withEntry(rights, step, result.mode.nxe);
          expect(rights).toEqual({
            writableLimitedBy: t.permissions.writableLimitedBy,
            userLimitedBy: t.permissions.userLimitedBy,
            executeDisabledBy: t.permissions.executeDisabledBy,
          });
        }

        // One A/D step per entry the processor writes, only with the setting on.
        const adSteps = steps.filter((s) => s.kind === "accessed-dirty");
        const writes = accessedDirtyWrites(result);
        expect(adSteps.map((s) => s.focus?.entryAddr)).toEqual(
          accessedDirty ? writes.map((w) => w.entryAddr) : [],
        );
      }),
      { numRuns: 400 },
    );
  });
});
