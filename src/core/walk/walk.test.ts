import { describe, expect, it } from "vitest";
import {
  indexAt,
  joinIndices,
  virtAddr,
  ACCESS_KINDS,
  accessOfKind,
  PF,
  CR0,
  CR4,
  EFER,
  RFLAGS_AC,
  pagingMode,
  type Level,
  type VirtAddr,
  type AccessKind,
  type Registers,
  type Access,
  decodeEntry,
} from "../arch";
import { Ram } from "../memory";
import { PERMISSION_RULES, checkAccess } from "./access-check";
import { accessedDirtyWrites } from "./accessed-dirty";
import { describeOutcome } from "./describe-outcome";
import { translateTraced, walk } from "./walk";
import type { AccessVerdict } from "./walk-types";
import { MiB, P, RW, US, A, D, PS, XD, PRWU, REGS } from "./__fixtures__/entry-bits";

interface Built {
  readonly ram: Ram;
  readonly regs: Registers;
  readonly va: VirtAddr;
  /** Physical address of the entry used at each level, top first. */
  readonly entryAddrs: number[];
}

/**
 * One chain of tables for `va`: `flags[k]` are the flag bits of the entry at level `levels - k`
 * (top first); the last one is the leaf (give PS for a huge leaf). Tables sit at 0x10000, 0x11000, …
 * and the page at `leafPa`.
 */
function chain(
  flags: bigint[],
  options: { levels?: 4 | 5; va?: bigint; leafPa?: number; regs?: Partial<Registers> } = {},
): Built {
  const levels = options.levels ?? 4;
  const va = virtAddr(options.va ?? 0x0000_1234_5678_9abcn);
  const ram = new Ram(16 * MiB);
  const entryAddrs: number[] = [];
  let table = 0x10000;
  flags.forEach((f, k) => {
    const level = (levels - k) as Level;
    const entryAddr = table + indexAt(va, level) * 8;
    const last = k === flags.length - 1;
    const target = last ? (options.leafPa ?? 0x40_0000) : table + 0x1000;
    ram.writeEntry(entryAddr, BigInt(target) | f);
    entryAddrs.push(entryAddr);
    table += 0x1000;
  });
  const cr4 = REGS.cr4 | (levels === 5 ? CR4.LA57 : 0);
  return { ram, regs: { ...REGS, cr3: 0x10000, cr4, ...options.regs }, va, entryAddrs };
}

function verdicts(b: Built, regs: Partial<Registers> = {}): Record<AccessKind, AccessVerdict> {
  const r = { ...b.regs, ...regs };
  return Object.fromEntries(
    ACCESS_KINDS.map((k) => [k, walk(b.ram, r, b.va, accessOfKind(k)).verdict]),
  ) as Record<AccessKind, AccessVerdict>;
}

/** Error code per access kind, or "ok". */
function codes(b: Built, regs: Partial<Registers> = {}): Record<AccessKind, number | "ok"> {
  const v = verdicts(b, regs);
  return Object.fromEntries(ACCESS_KINDS.map((k) => [k, v[k].ok ? "ok" : v[k].errorCode])) as Record<
    AccessKind,
    number | "ok"
  >;
}

const ALL_OK = {
  supRead: "ok",
  supWrite: "ok",
  supExec: "ok",
  userRead: "ok",
  userWrite: "ok",
  userExec: "ok",
};

describe("successful walks", () => {
  it("4-level 4 KiB: four steps, PA = frame + offset", () => {
    const b = chain([PRWU, PRWU, PRWU, PRWU]);
    const mode = pagingMode(b.regs);
    const { steps, translation } = translateTraced(b.ram, mode, b.va);
    expect(steps.map((s) => s.level)).toEqual([4, 3, 2, 1]);
    expect(steps.map((s) => s.entryAddr)).toEqual(b.entryAddrs);
    expect(steps.map((s) => s.tableAddr)).toEqual([0x10000, 0x11000, 0x12000, 0x13000]);
    expect(steps.map((s) => s.index)).toEqual([36, 209, 179, 393]);
    expect(translation).toMatchObject({
      kind: "mapped",
      pa: 0x40_0000 + 0xabc,
      pageSize: 4096,
      leafLevel: 1,
    });
    expect(codes(b)).toEqual(ALL_OK);
  });

  it("the worked example: 0x803fe7f5ce → 0x35ce", () => {
    const ram = new Ram(16 * MiB);
    ram.writeEntry(0x10000 + 1 * 8, 0x24007n);
    ram.writeEntry(0x24000 + 0 * 8, 0x32007n);
    ram.writeEntry(0x32000 + 511 * 8, 0x41007n);
    ram.writeEntry(0x41000 + 127 * 8, 0x3007n);
    const r = walk(ram, { ...REGS, cr3: 0x10000 }, virtAddr(0x803fe7f5cen), { op: "read", mode: "user" });
    expect(r.verdict.ok).toBe(true);
    expect(describeOutcome(r)).toBe("0x803fe7f5ce → 0x35ce (4 KiB page, user read ok)");
  });

  it("2 MiB and 1 GiB leaves add the in-page offset; PAT (bit 12) is not an address bit", () => {
    const b2 = chain([PRWU, PRWU, PRWU | PS | 0x1000n], { leafPa: 0x60_0000 });
    const walked2 = translateTraced(b2.ram, pagingMode(b2.regs), b2.va);
    const t2 = walked2.translation;
    expect(t2).toMatchObject({
      kind: "mapped",
      pa: 0x60_0000 + Number(b2.va & 0x1f_ffffn),
      pageSize: 2 * MiB,
      leafLevel: 2,
    });
    const leaf2 = walked2.steps[walked2.steps.length - 1];
    if (t2.kind === "mapped" && leaf2) expect(decodeEntry(leaf2.raw, leaf2.level).pat).toBe(true);
    const b1 = chain([PRWU, PRWU | PS], { leafPa: 0x4000_0000 });
    const t1 = translateTraced(b1.ram, pagingMode(b1.regs), b1.va).translation;
    expect(t1).toMatchObject({
      kind: "mapped",
      pa: 0x4000_0000 + Number(b1.va & 0x3fff_ffffn),
      pageSize: 1024 * MiB,
      leafLevel: 3,
    });
  });

  it("a leaf may point outside RAM: the translation still holds", () => {
    const b = chain([PRWU, PRWU, PRWU, PRWU], { leafPa: 0xff_0000_0000 });
    expect(translateTraced(b.ram, pagingMode(b.regs), b.va).translation).toMatchObject({
      kind: "mapped",
      pa: 0xff_0000_0abc,
    });
  });
});

describe("non-canonical addresses", () => {
  it("#GP with error code 0, no CR2 and no table read, for every access", () => {
    const b = chain([PRWU, PRWU, PRWU, PRWU], { va: 0x0000_8000_0000_0000n });
    const r = walk(b.ram, b.regs, b.va, { op: "write", mode: "user" });
    expect(r.steps).toEqual([]);
    expect(r.translation.kind).toBe("non-canonical");
    expect(r.verdict).toMatchObject({
      ok: false,
      exception: "#GP",
      errorCode: 0,
      cr2: null,
      level: null,
      cause: "canonical",
    });
    for (const v of Object.values(verdicts(b)))
      expect(v).toMatchObject({ ok: false, exception: "#GP", errorCode: 0, cr2: null });
    expect(describeOutcome(r)).toMatch(/^#GP at 0x800000000000/);
  });

  it("is judged on 48 bits with 4 levels and 57 with LA57", () => {
    const va = virtAddr(0x00ff_8000_0000_0000n);
    const ram = new Ram(MiB);
    expect(translateTraced(ram, pagingMode({ ...REGS }), va).translation.kind).toBe("non-canonical");
    expect(translateTraced(ram, pagingMode({ ...REGS, cr4: REGS.cr4 | CR4.LA57 }), va).translation.kind).toBe(
      "not-present",
    );
  });
});

describe("not-present entries", () => {
  it("stop the walk at each level, with P=0 and the W/U/I bits of the access", () => {
    for (let missing = 0; missing < 4; missing++) {
      const flags = [PRWU, PRWU, PRWU, PRWU].map((f, k) => (k === missing ? 0n : f));
      const b = chain(flags);
      const level = 4 - missing;
      const r = walk(b.ram, b.regs, b.va, { op: "read", mode: "user" });
      expect(r.translation).toEqual({ kind: "not-present", level });
      expect(r.steps).toHaveLength(missing + 1);
      expect(r.verdict).toMatchObject({ ok: false, exception: "#PF", level, cause: "P", cr2: b.va });
      expect(codes(b)).toEqual({
        supRead: 0,
        supWrite: PF.W,
        supExec: PF.I,
        userRead: PF.U,
        userWrite: PF.W | PF.U,
        userExec: PF.I | PF.U,
      });
    }
  });

  it("set I for fetches only with EFER.NXE or CR4.SMEP", () => {
    const b = chain([0n]);
    const noNxe = { efer: EFER.LME | EFER.LMA };
    expect(codes(b, noNxe)).toMatchObject({ supExec: 0, userExec: PF.U });
    expect(codes(b, { ...noNxe, cr4: CR4.PAE | CR4.SMEP })).toMatchObject({
      supExec: PF.I,
      userExec: PF.I | PF.U,
    });
    expect(codes(b)).toMatchObject({ supExec: PF.I, userExec: PF.I | PF.U });
  });

  it("ignore every other bit of a not-present entry (garbage is not a reserved-bit fault)", () => {
    const b = chain([PRWU, 0xffff_ffff_ffff_fffen], { regs: { maxPhyAddr: 36, efer: EFER.LME | EFER.LMA } });
    expect(walk(b.ram, b.regs, b.va, { op: "read", mode: "supervisor" }).translation).toEqual({
      kind: "not-present",
      level: 3,
    });
  });
});

describe("reserved bits", () => {
  const rsvd = PF.P | PF.RSVD;

  it("fault with P|RSVD plus W/U/I, at the level of the entry", () => {
    const cases: { flags: bigint[]; regs?: Partial<Registers>; level: Level }[] = [
      { flags: [PRWU | (1n << 46n), PRWU, PRWU, PRWU], regs: { maxPhyAddr: 46 }, level: 4 },
      { flags: [PRWU, PRWU | (1n << 51n), PRWU, PRWU], regs: { maxPhyAddr: 39 }, level: 3 },
      { flags: [PRWU, PRWU, PRWU | XD, PRWU], regs: { efer: EFER.LME | EFER.LMA }, level: 2 },
      { flags: [PRWU, PRWU, PRWU, PRWU | XD], regs: { efer: EFER.LME | EFER.LMA }, level: 1 },
      { flags: [PRWU | PS, PRWU, PRWU, PRWU], level: 4 },
      { flags: [PRWU, PRWU, PRWU | PS | 0x2000n], level: 2 },
      { flags: [PRWU, PRWU, PRWU | PS | (1n << 20n)], level: 2 },
      { flags: [PRWU, PRWU | PS | (1n << 29n)], level: 3 },
      { flags: [PRWU, PRWU | PS | 0x2000n], level: 3 },
    ];
    for (const c of cases) {
      const b = chain(c.flags, { ...(c.regs ? { regs: c.regs } : {}) });
      const r = walk(b.ram, b.regs, b.va, { op: "read", mode: "supervisor" });
      expect(r.translation).toMatchObject({ kind: "reserved-bit", level: c.level });
      expect(r.verdict).toMatchObject({ ok: false, exception: "#PF", level: c.level, cause: "RSVD" });
      const nxe = (b.regs.efer & EFER.NXE) !== 0;
      const i = nxe ? PF.I : 0;
      expect(codes(b)).toEqual({
        supRead: rsvd,
        supWrite: rsvd | PF.W,
        supExec: rsvd | i,
        userRead: rsvd | PF.U,
        userWrite: rsvd | PF.W | PF.U,
        userExec: rsvd | PF.U | i,
      });
    }
  });

  it("PS in a PML5E is reserved with LA57", () => {
    const b = chain([PRWU | PS, PRWU, PRWU, PRWU, PRWU], { levels: 5 });
    expect(translateTraced(b.ram, pagingMode(b.regs), b.va).translation).toMatchObject({
      kind: "reserved-bit",
      level: 5,
      bits: PS,
    });
  });

  it("are checked only in entries the walk uses, after P", () => {
    const b = chain([PRWU, PRWU, PRWU, PRWU]);
    b.ram.writeEntry(0x10000 + ((indexAt(b.va, 4) + 1) % 512) * 8, PRWU | PS | XD | (1n << 51n));
    expect(codes(b, { maxPhyAddr: 40, efer: EFER.LME | EFER.LMA })).toEqual(ALL_OK);
  });
});

describe("effective permissions", () => {
  it("R/W and U/S are ANDed over the levels; the first (top) level that denies is reported", () => {
    for (let k = 0; k < 4; k++) {
      const roFlags = [PRWU, PRWU, PRWU, PRWU].map((f, j) => (j === k || j === 3 ? f & ~RW : f));
      const ro = chain(roFlags);
      const t = translateTraced(ro.ram, pagingMode(ro.regs), ro.va).translation;
      expect(t).toMatchObject({
        kind: "mapped",
        permissions: { writable: false, writableLimitedBy: 4 - k, user: true, userLimitedBy: null },
      });
      expect(codes(ro)).toEqual({ ...ALL_OK, supWrite: PF.P | PF.W, userWrite: PF.P | PF.W | PF.U });
      expect(walk(ro.ram, ro.regs, ro.va, { op: "write", mode: "user" }).verdict).toMatchObject({
        level: 4 - k,
        cause: "RW",
      });

      const supFlags = [PRWU, PRWU, PRWU, PRWU].map((f, j) => (j === k ? f & ~US : f));
      const sup = chain(supFlags);
      const ts = translateTraced(sup.ram, pagingMode(sup.regs), sup.va).translation;
      expect(ts).toMatchObject({
        kind: "mapped",
        permissions: { user: false, userLimitedBy: 4 - k, writable: true },
      });
      expect(codes(sup)).toEqual({
        ...ALL_OK,
        userRead: PF.P | PF.U,
        userWrite: PF.P | PF.W | PF.U,
        userExec: PF.P | PF.U | PF.I,
      });
      expect(walk(sup.ram, sup.regs, sup.va, { op: "read", mode: "user" }).verdict).toMatchObject({
        level: 4 - k,
        cause: "US",
      });
    }
  });

  it("XD is ORed over the levels when EFER.NXE = 1", () => {
    for (let k = 0; k < 4; k++) {
      const b = chain([PRWU, PRWU, PRWU, PRWU].map((f, j) => (j === k ? f | XD : f)));
      const t = translateTraced(b.ram, pagingMode(b.regs), b.va).translation;
      expect(t).toMatchObject({
        kind: "mapped",
        permissions: { executeDisable: true, executeDisabledBy: 4 - k },
      });
      expect(codes(b)).toEqual({ ...ALL_OK, supExec: PF.P | PF.I, userExec: PF.P | PF.U | PF.I });
      expect(walk(b.ram, b.regs, b.va, { op: "fetch", mode: "supervisor" }).verdict).toMatchObject({
        level: 4 - k,
        cause: "XD",
      });
    }
  });

  it("without NXE nothing is execute-disabled (and XD=0 everywhere is required)", () => {
    const b = chain([PRWU, PRWU, PRWU, PRWU], { regs: { efer: EFER.LME | EFER.LMA } });
    const t = translateTraced(b.ram, pagingMode(b.regs), b.va).translation;
    expect(t).toMatchObject({
      kind: "mapped",
      permissions: { executeDisable: false, executeDisabledBy: null },
    });
    expect(codes(b)).toEqual(ALL_OK);
  });

  it("CR0.WP: supervisor writes to read-only pages fault only with WP=1; user writes always", () => {
    const b = chain([PRWU, PRWU, PRWU, P | US]);
    expect(codes(b)).toMatchObject({ supWrite: PF.P | PF.W, userWrite: PF.P | PF.W | PF.U });
    expect(codes(b, { cr0: CR0.PG | CR0.PE })).toMatchObject({
      supWrite: "ok",
      userWrite: PF.P | PF.W | PF.U,
    });
    const sup = chain([PRWU, P, PRWU, PRWU]); // read-only and supervisor-only at the PDPTE
    expect(codes(sup, { cr0: CR0.PG | CR0.PE })).toEqual({
      supRead: "ok",
      supWrite: "ok",
      supExec: "ok",
      userRead: PF.P | PF.U,
      userWrite: PF.P | PF.W | PF.U,
      userExec: PF.P | PF.U | PF.I,
    });
  });
});

describe("SMEP and SMAP", () => {
  const user = (): Built => chain([PRWU, PRWU, PRWU, PRWU]);
  const supervisor = (): Built => chain([PRWU, PRWU, PRWU, P | RW]);

  it("SMEP: supervisor fetches from user pages fault (I set even without NXE)", () => {
    const smep = { cr4: CR4.PAE | CR4.SMEP };
    expect(codes(user(), smep)).toEqual({ ...ALL_OK, supExec: PF.P | PF.I });
    expect(
      walk(user().ram, { ...user().regs, ...smep }, user().va, { op: "fetch", mode: "supervisor" }).verdict,
    ).toMatchObject({ cause: "SMEP", level: 1 });
    expect(codes(user(), { ...smep, efer: EFER.LME | EFER.LMA })).toEqual({
      ...ALL_OK,
      supExec: PF.P | PF.I,
    });
    expect(codes(supervisor(), smep)).toMatchObject({ supExec: "ok" });
  });

  it("SMAP: supervisor data accesses to user pages fault while AC=0, not with AC=1; fetches are not affected", () => {
    const smap = { cr4: CR4.PAE | CR4.SMAP };
    expect(codes(user(), smap)).toEqual({ ...ALL_OK, supRead: PF.P, supWrite: PF.P | PF.W });
    expect(codes(user(), { ...smap, rflags: RFLAGS_AC })).toEqual(ALL_OK);
    expect(codes(supervisor(), smap)).toMatchObject({ supRead: "ok", supWrite: "ok" });
    const b = user();
    expect(
      walk(b.ram, { ...b.regs, ...smap }, b.va, { op: "read", mode: "supervisor" }).verdict,
    ).toMatchObject({ cause: "SMAP", level: 1 });
  });

  it("a user page is one with U/S=1 at every level: one U/S=0 makes it a supervisor page for SMEP/SMAP", () => {
    const b = chain([PRWU, P | RW, PRWU, PRWU]);
    expect(codes(b, { cr4: CR4.PAE | CR4.SMEP | CR4.SMAP })).toMatchObject({
      supRead: "ok",
      supWrite: "ok",
      supExec: "ok",
    });
  });

  it("SMAP with AC=1 still respects R/W and WP", () => {
    const ro = chain([PRWU, PRWU, PRWU, P | US]);
    expect(codes(ro, { cr4: CR4.PAE | CR4.SMAP, rflags: RFLAGS_AC })).toMatchObject({
      supWrite: PF.P | PF.W,
    });
    expect(codes(ro, { cr4: CR4.PAE | CR4.SMAP, rflags: RFLAGS_AC, cr0: CR0.PG | CR0.PE })).toMatchObject({
      supWrite: "ok",
    });
    expect(codes(ro, { cr4: CR4.PAE | CR4.SMAP, cr0: CR0.PG | CR0.PE })).toMatchObject({
      supWrite: PF.P | PF.W,
    });
  });
});

describe("protection keys", () => {
  const key = (k: number): bigint => BigInt(k) << 59n;
  const pke = (pkru: number, extra: Partial<Registers> = {}): Partial<Registers> => ({
    cr4: CR4.PAE | CR4.PKE,
    pkru,
    ...extra,
  });

  it("AD denies user data accesses, with PK in the error code; fetches are never checked", () => {
    const b = chain([PRWU, PRWU, PRWU, PRWU | key(3)]);
    expect(codes(b, pke(1 << 6))).toEqual({
      supRead: PF.P | PF.PK,
      supWrite: PF.P | PF.W | PF.PK,
      supExec: "ok",
      userRead: PF.P | PF.U | PF.PK,
      userWrite: PF.P | PF.W | PF.U | PF.PK,
      userExec: "ok",
    });
    const v = walk(b.ram, { ...b.regs, ...pke(1 << 6) }, b.va, { op: "read", mode: "user" }).verdict;
    expect(v).toMatchObject({ cause: "PK", level: 1 });
    if (!v.ok) expect(v.reason).toContain("AD3");
  });

  it("WD denies user writes; supervisor writes only with CR0.WP=1", () => {
    const b = chain([PRWU, PRWU, PRWU, PRWU | key(3)]);
    const wd = 1 << 7;
    expect(codes(b, pke(wd))).toEqual({
      ...ALL_OK,
      supWrite: PF.P | PF.W | PF.PK,
      userWrite: PF.P | PF.W | PF.U | PF.PK,
    });
    expect(codes(b, pke(wd, { cr0: CR0.PG | CR0.PE }))).toEqual({
      ...ALL_OK,
      userWrite: PF.P | PF.W | PF.U | PF.PK,
    });
  });

  it("only the leaf's key counts; other keys' bits and key 0 work as well", () => {
    const b = chain([PRWU, PRWU, PRWU, PRWU | key(3)]);
    expect(codes(b, pke(~(3 << 6) >>> 0))).toEqual(ALL_OK);
    const k0 = chain([PRWU, PRWU, PRWU, PRWU]);
    expect(codes(k0, pke(1))).toMatchObject({ userRead: PF.P | PF.U | PF.PK });
    const k15 = chain([PRWU, PRWU, PRWU, PRWU | key(15)]);
    expect(codes(k15, pke(0x8000_0000))).toMatchObject({
      userRead: "ok",
      userWrite: PF.P | PF.W | PF.U | PF.PK,
    });
    // Key bits in a non-leaf entry are ignored.
    const upper = chain([PRWU | key(3), PRWU, PRWU, PRWU]);
    expect(codes(upper, pke(3 << 6))).toEqual(ALL_OK);
  });

  it("keys of supervisor pages are ignored; PKE=0 ignores PKRU", () => {
    const sup = chain([PRWU, PRWU, PRWU, P | RW | key(1)]);
    expect(codes(sup, pke(0xffff_ffff))).toMatchObject({ supRead: "ok", supWrite: "ok" });
    const b = chain([PRWU, PRWU, PRWU, PRWU | key(1)]);
    expect(codes(b, { pkru: 0xffff_ffff })).toEqual(ALL_OK);
  });

  it("PK is reported together with other causes (R/W, SMAP) when the key also denies", () => {
    const ro = chain([PRWU, PRWU, PRWU, P | US | key(2)]);
    expect(codes(ro, pke(1 << 5))).toMatchObject({
      userWrite: PF.P | PF.W | PF.U | PF.PK,
      supWrite: PF.P | PF.W | PF.PK,
    });
    expect(codes(ro, pke(1 << 4))).toMatchObject({
      userRead: PF.P | PF.U | PF.PK,
      userWrite: PF.P | PF.W | PF.U | PF.PK,
    });
    const rw = chain([PRWU, PRWU, PRWU, PRWU | key(2)]);
    expect(codes(rw, pke(1 << 4, { cr4: CR4.PAE | CR4.PKE | CR4.SMAP }))).toMatchObject({
      supRead: PF.P | PF.PK,
    });
    expect(codes(rw, pke(1 << 4, { cr4: CR4.PAE | CR4.PKE | CR4.SMAP, rflags: RFLAGS_AC }))).toMatchObject({
      supRead: PF.P | PF.PK,
    });
    // A user access to a supervisor page is not a user-mode address: no PK.
    const sup = chain([PRWU, PRWU, PRWU, P | RW | key(2)]);
    expect(codes(sup, pke(1 << 4))).toMatchObject({ userRead: PF.P | PF.U });
  });
});

describe("the order of the permission rules", () => {
  it("PERMISSION_RULES is the order checkAccess decides in: when two rules deny, the earlier is the cause", () => {
    const order = (cause: string): number => (PERMISSION_RULES as readonly string[]).indexOf(cause);
    const cases: { flags: bigint[]; access: Access; regs?: Partial<Registers>; causes: [string, string] }[] =
      [
        // a user write to a supervisor, read-only page
        { flags: [PRWU, PRWU, PRWU, P], access: { op: "write", mode: "user" }, causes: ["US", "RW"] },
        // a user fetch from a supervisor, execute-disabled page
        { flags: [PRWU, PRWU, PRWU, P | XD], access: { op: "fetch", mode: "user" }, causes: ["US", "XD"] },
        // a supervisor fetch from an execute-disabled user page under SMEP
        {
          flags: [PRWU, PRWU, PRWU, PRWU | XD],
          access: { op: "fetch", mode: "supervisor" },
          regs: { cr4: CR4.PAE | CR4.SMEP },
          causes: ["XD", "SMEP"],
        },
        // a supervisor read of a user page under SMAP whose key denies access
        {
          flags: [PRWU, PRWU, PRWU, PRWU | (2n << 59n)],
          access: { op: "read", mode: "supervisor" },
          regs: { cr4: CR4.PAE | CR4.SMAP | CR4.PKE, pkru: 1 << 4 },
          causes: ["SMAP", "PK"],
        },
        // a user write to a read-only page whose key forbids writes
        {
          flags: [PRWU, PRWU, PRWU, P | US | (2n << 59n)],
          access: { op: "write", mode: "user" },
          regs: { cr4: CR4.PAE | CR4.PKE, pkru: 1 << 5 },
          causes: ["RW", "PK"],
        },
      ];
    for (const c of cases) {
      const b = chain(c.flags, { regs: c.regs ?? {} });
      const verdict = walk(b.ram, b.regs, b.va, c.access).verdict;
      expect(verdict.ok).toBe(false);
      if (verdict.ok) continue;
      expect(verdict.cause).toBe(c.causes[0]);
      expect(order(c.causes[0])).toBeLessThan(order(c.causes[1]));
    }
  });
});

describe("CR3", () => {
  it("flag bits (PWT, PCD) and PCID bits are masked off the root", () => {
    const b = chain([PRWU, PRWU, PRWU, PRWU]);
    const expected = translateTraced(b.ram, pagingMode(b.regs), b.va).translation;
    expect(translateTraced(b.ram, pagingMode({ ...b.regs, cr3: 0x10018 }), b.va).translation).toEqual(
      expected,
    );
    const pcid = { ...b.regs, cr3: 0x10fff, cr4: b.regs.cr4 | CR4.PCIDE };
    expect(pagingMode(pcid).root).toBe(0x10000);
    expect(translateTraced(b.ram, pagingMode(pcid), b.va).translation).toEqual(expected);
  });

  it("a root outside RAM stops the walk with outside-memory at the top level", () => {
    const ram = new Ram(MiB);
    const t = translateTraced(ram, pagingMode({ ...REGS, cr3: 0x200000 }), virtAddr(0n)).translation;
    expect(t).toEqual({ kind: "outside-memory", level: 4, tableAddr: 0x200000 });
    const v = checkAccess(t, pagingMode(REGS), virtAddr(0n), { op: "read", mode: "supervisor" });
    expect(v).toMatchObject({ ok: false, exception: "#PF", cause: "outside-memory", level: 4 });
  });
});

describe("paging modes", () => {
  it("paging off or not long mode is reported, not walked", () => {
    const ram = new Ram(MiB);
    for (const regs of [
      { ...REGS, cr0: CR0.PE },
      { ...REGS, cr4: 0 },
      { ...REGS, efer: 0 },
    ]) {
      const r = walk(ram, regs, virtAddr(0n), { op: "read", mode: "supervisor" });
      expect(r.translation.kind).toBe("paging-off");
      expect(r.verdict.ok).toBe(false);
    }
  });

  it("5-level walks use bits 56:48 for the PML5", () => {
    const va = 0x00ab_cdef_1234_5678n;
    const b = chain([PRWU, PRWU, PRWU, PRWU, PRWU], { levels: 5, va });
    const r = walk(b.ram, b.regs, b.va, { op: "write", mode: "user" });
    expect(r.steps.map((s) => s.level)).toEqual([5, 4, 3, 2, 1]);
    expect(r.steps[0]?.index).toBe(0xab);
    expect(r.translation).toMatchObject({ kind: "mapped", pa: 0x40_0678 });
    const missing = chain([0n], { levels: 5, va });
    expect(walk(missing.ram, missing.regs, missing.va, { op: "read", mode: "user" }).translation).toEqual({
      kind: "not-present",
      level: 5,
    });
    const sup = chain([P | RW, PRWU, PRWU, PRWU, PRWU], { levels: 5, va });
    expect(walk(sup.ram, sup.regs, sup.va, { op: "read", mode: "user" }).verdict).toMatchObject({
      cause: "US",
      level: 5,
    });
  });
});

describe("recursive mappings and shared tables", () => {
  // PML4 at 0x10000: [1] → PDPT 0x11000 → [0] PD 0x12000 → [0] PT 0x13000 → [0] page 0x40_0000; [510] → PML4.
  function recursive(levels: 4 | 5): { ram: Ram; regs: Registers } {
    const ram = new Ram(16 * MiB);
    const tables =
      levels === 5 ? [0x10000, 0x11000, 0x12000, 0x13000, 0x14000] : [0x10000, 0x11000, 0x12000, 0x13000];
    tables.forEach((t, k) =>
      ram.writeEntry(t + (k === 0 ? 8 : 0), BigInt(tables[k + 1] ?? 0x40_0000) | PRWU),
    );
    ram.writeEntry(0x10000 + 510 * 8, 0x10000n | P | RW);
    return { ram, regs: { ...REGS, cr3: 0x10000, cr4: REGS.cr4 | (levels === 5 ? CR4.LA57 : 0) } };
  }

  it("the recursive slot reaches every table as a page, and the root itself", () => {
    const { ram, regs } = recursive(4);
    const mode = pagingMode(regs);
    const at = (indices: number[], offset = 0): ReturnType<typeof translateTraced>["translation"] =>
      translateTraced(ram, mode, joinIndices(indices, offset, 4)).translation;
    expect(at([1, 0, 0, 0], 8)).toMatchObject({ kind: "mapped", pa: 0x40_0008 });
    expect(at([510, 1, 0, 0])).toMatchObject({
      kind: "mapped",
      pa: 0x13000,
      permissions: { user: false, userLimitedBy: 4 },
    });
    expect(at([510, 510, 1, 0])).toMatchObject({ kind: "mapped", pa: 0x12000 });
    expect(at([510, 510, 510, 1])).toMatchObject({ kind: "mapped", pa: 0x11000 });
    expect(at([510, 510, 510, 510], 510 * 8)).toMatchObject({
      kind: "mapped",
      pa: 0x10000 + 510 * 8,
      pageSize: 4096,
    });
    const steps = translateTraced(ram, mode, joinIndices([510, 510, 510, 510], 0, 4)).steps;
    expect(steps.map((s) => s.tableAddr)).toEqual([0x10000, 0x10000, 0x10000, 0x10000]);
  });

  it("works with 5 levels", () => {
    const { ram, regs } = recursive(5);
    const t = translateTraced(
      ram,
      pagingMode(regs),
      joinIndices([510, 510, 510, 510, 510], 0, 5),
    ).translation;
    expect(t).toMatchObject({ kind: "mapped", pa: 0x10000 });
    const t2 = translateTraced(ram, pagingMode(regs), joinIndices([510, 1, 0, 0, 0], 0, 5)).translation;
    expect(t2).toMatchObject({ kind: "mapped", pa: 0x14000 });
  });

  it("a shared table gives each path its own effective permissions", () => {
    const ram = new Ram(16 * MiB);
    ram.writeEntry(0x10000, 0x11000n | PRWU); // PML4[0] → PDPT
    ram.writeEntry(0x10008, 0x11000n | P | US); // PML4[1] → the same PDPT, read-only
    ram.writeEntry(0x11000, 0x12000n | PRWU);
    ram.writeEntry(0x12000, 0x13000n | PRWU);
    ram.writeEntry(0x13000, 0x40_0000n | PRWU);
    const mode = pagingMode({ ...REGS, cr3: 0x10000 });
    const a = translateTraced(ram, mode, virtAddr(0n)).translation;
    const b = translateTraced(ram, mode, virtAddr(1n << 39n)).translation;
    expect(a).toMatchObject({ kind: "mapped", pa: 0x40_0000, permissions: { writable: true } });
    expect(b).toMatchObject({
      kind: "mapped",
      pa: 0x40_0000,
      permissions: { writable: false, writableLimitedBy: 4 },
    });
  });

  it("a pointer past the end of RAM stops the walk", () => {
    const b = chain([PRWU, PRWU, PRWU, PRWU]);
    b.ram.writeEntry(b.entryAddrs[1] as number, 0x7f_0000_0000n | PRWU);
    expect(translateTraced(b.ram, pagingMode(b.regs), b.va).translation).toEqual({
      kind: "outside-memory",
      level: 2,
      tableAddr: 0x7f_0000_0000,
    });
  });
});

describe("accessed and dirty bits", () => {
  it("a permitted access sets A in every entry; a write also sets D in the leaf only", () => {
    const b = chain([PRWU, PRWU, PRWU, PRWU]);
    const read = accessedDirtyWrites(walk(b.ram, b.regs, b.va, { op: "read", mode: "user" }));
    expect(read.map((w) => w.entryAddr)).toEqual(b.entryAddrs);
    expect(read.map((w) => w.after & ~w.before)).toEqual([A, A, A, A]);
    const write = accessedDirtyWrites(walk(b.ram, b.regs, b.va, { op: "write", mode: "user" }));
    expect(write.map((w) => w.after & ~w.before)).toEqual([A, A, A, A | D]);
    const fetch = accessedDirtyWrites(walk(b.ram, b.regs, b.va, { op: "fetch", mode: "user" }));
    expect(fetch.map((w) => w.after & ~w.before)).toEqual([A, A, A, A]);
  });

  it("sets D in a huge leaf, and lists only entries that change", () => {
    const b = chain([PRWU | A, PRWU, PRWU | PS | A]);
    const w = accessedDirtyWrites(walk(b.ram, b.regs, b.va, { op: "write", mode: "supervisor" }));
    expect(w).toEqual([
      { entryAddr: b.entryAddrs[1], before: 0x12000n | PRWU, after: 0x12000n | PRWU | A },
      {
        entryAddr: b.entryAddrs[2],
        before: 0x40_0000n | PRWU | PS | A,
        after: 0x40_0000n | PRWU | PS | A | D,
      },
    ]);
    const done = chain([PRWU | A, PRWU | A, PRWU | A, PRWU | A | D]);
    expect(accessedDirtyWrites(walk(done.ram, done.regs, done.va, { op: "write", mode: "user" }))).toEqual(
      [],
    );
  });

  it("a supervisor write allowed by WP=0 sets D", () => {
    const b = chain([PRWU, PRWU, PRWU, P]);
    const w = accessedDirtyWrites(
      walk(b.ram, { ...b.regs, cr0: CR0.PG | CR0.PE }, b.va, { op: "write", mode: "supervisor" }),
    );
    expect(w.at(-1)?.after).toBe(0x40_0000n | P | A | D);
  });

  it("nothing is set for faults of any kind", () => {
    const cases: [Built, Partial<Registers>][] = [
      [chain([PRWU, 0n]), {}],
      [chain([PRWU, PRWU | (1n << 50n)]), { maxPhyAddr: 40 }],
      [chain([PRWU, PRWU, PRWU, P | US]), {}],
      [chain([PRWU, PRWU, PRWU, PRWU], { va: 0x8000_0000_0000n }), {}],
    ];
    for (const [b, regs] of cases) {
      expect(
        accessedDirtyWrites(walk(b.ram, { ...b.regs, ...regs }, b.va, { op: "write", mode: "user" })),
      ).toEqual([]);
    }
  });
});

describe("describeOutcome", () => {
  it("names the error code and the table and index that decided", () => {
    const b = chain([PRWU, PRWU, PRWU, P | US]);
    const r = walk(b.ram, b.regs, b.va, { op: "write", mode: "user" });
    expect(describeOutcome(r)).toBe(
      `#PF error 0x7 at PT[${indexAt(b.va, 1)}]: The PTE has R/W = 0, which forbids user writes.`,
    );
    const np = chain([PRWU, 0n]);
    expect(describeOutcome(walk(np.ram, np.regs, np.va, { op: "read", mode: "user" }))).toMatch(
      /^#PF error 0x4 at PDPT\[\d+\]: The PDPTE has P = 0/,
    );
  });
});
