import { describe, expect, it } from "vitest";
import { type Level } from "./address";
import {
  decodeEntry,
  encodeEntry,
  entryAddress,
  isLeafEntry,
  reservedBitReasons,
  reservedBits,
  toggleBit,
  withAddress,
  type EntryFlags,
} from "./entry";
import { ENTRY_ADDRESS_MASK as ADDRESS_MASK, levelAllowsHugeLeaf } from "./paging-rules";
import { entryFields, fieldOfBit } from "./entry-fields";

const LEVELS: Level[] = [1, 2, 3, 4, 5];
const b = (n: number): bigint => 1n << BigInt(n);

describe("leaf or table", () => {
  it("PS (bit 7) makes a leaf only in a PDPTE or PDE; a PTE is always a leaf", () => {
    expect(levelAllowsHugeLeaf(1)).toBe(false);
    expect(levelAllowsHugeLeaf(2)).toBe(true);
    expect(levelAllowsHugeLeaf(3)).toBe(true);
    expect(levelAllowsHugeLeaf(4)).toBe(false);
    expect(levelAllowsHugeLeaf(5)).toBe(false);
    expect(isLeafEntry(0x1000n, 1)).toBe(true);
    expect(isLeafEntry(0x1080n, 1)).toBe(true); // bit 7 is PAT in a PTE
    expect(isLeafEntry(0x200083n, 2)).toBe(true);
    expect(isLeafEntry(0x200003n, 2)).toBe(false);
    expect(isLeafEntry(0x40000083n, 3)).toBe(true);
    expect(isLeafEntry(0x1083n, 4)).toBe(false);
    expect(isLeafEntry(0x1083n, 5)).toBe(false);
  });
});

describe("decodeEntry", () => {
  it("decodes the worked example's PTE", () => {
    const e = decodeEntry(0x3007n, 1);
    expect(e).toMatchObject({
      kind: "leaf",
      present: true,
      writable: true,
      user: true,
      accessed: false,
      dirty: false,
      pat: false,
      address: 0x3000,
      pageSize: 4096,
      executeDisable: false,
      protectionKey: 0,
    });
  });

  it("decodes each low flag bit at every level", () => {
    const fields: [number, keyof ReturnType<typeof decodeEntry>][] = [
      [0, "present"],
      [1, "writable"],
      [2, "user"],
      [3, "writeThrough"],
      [4, "cacheDisable"],
      [5, "accessed"],
      [6, "dirty"],
      [8, "global"],
      [63, "executeDisable"],
    ];
    for (const level of LEVELS) {
      for (const [bit, name] of fields) {
        expect(decodeEntry(b(bit), level)[name], `${name} at level ${level}`).toBe(true);
        expect(decodeEntry(0n, level)[name]).toBe(false);
      }
    }
  });

  it("bit 7 is PAT in a PTE, PS in a PDPTE/PDE, and neither in a PML4E/PML5E", () => {
    expect(decodeEntry(0x81n, 1)).toMatchObject({
      pat: true,
      pageSizeBit: false,
      kind: "leaf",
      pageSize: 4096,
    });
    expect(decodeEntry(0x81n, 2)).toMatchObject({
      pat: false,
      pageSizeBit: true,
      kind: "leaf",
      pageSize: 2 * 1024 * 1024,
    });
    expect(decodeEntry(0x81n, 3)).toMatchObject({
      pat: false,
      pageSizeBit: true,
      kind: "leaf",
      pageSize: 1024 * 1024 * 1024,
    });
    expect(decodeEntry(0x81n, 4)).toMatchObject({
      pat: false,
      pageSizeBit: false,
      kind: "table",
      pageSize: null,
    });
    expect(decodeEntry(0x81n, 5)).toMatchObject({
      pat: false,
      pageSizeBit: false,
      kind: "table",
      pageSize: null,
    });
  });

  it("PAT is bit 12 of a huge leaf, and bit 12 is then not part of the address", () => {
    const e2 = decodeEntry(0x4020_1081n, 2);
    expect(e2.pat).toBe(true);
    expect(e2.address).toBe(0x4020_0000);
    const e3 = decodeEntry(0x8000_1081n, 3);
    expect(e3.pat).toBe(true);
    expect(e3.address).toBe(0x8000_0000);
    // In a PTE or a pointer to a table, bit 12 is an address bit.
    expect(decodeEntry(0x1001n, 1)).toMatchObject({ pat: false, address: 0x1000 });
    expect(decodeEntry(0x1001n, 2)).toMatchObject({ pat: false, address: 0x1000 });
  });

  it("masks a huge leaf's address to its page size, keeping bits 51:21 / 51:30", () => {
    expect(entryAddress(0x000f_ffff_ffff_f081n, 2)).toBe(0x000f_ffff_ffe0_0000);
    expect(entryAddress(0x000f_ffff_ffff_f081n, 3)).toBe(0x000f_ffff_c000_0000);
    expect(entryAddress(0x000f_ffff_ffff_f081n, 1)).toBe(0x000f_ffff_ffff_f000);
    expect(entryAddress(0x000f_ffff_ffff_f001n, 2)).toBe(0x000f_ffff_ffff_f000);
    expect(entryAddress(0xfff0_0000_0000_0fffn, 1)).toBe(0); // bits 63:52 and 11:0 are never address
  });

  it("AVL bits 11:9 and 52:58 (leaf) or 52:62 (table), PK in bits 62:59 of a leaf only", () => {
    expect(decodeEntry(0xe01n, 1).availableLow).toBe(7);
    const high = 0x7ff0_0000_0000_0001n; // bits 62:52
    expect(decodeEntry(high, 1)).toMatchObject({ availableHigh: 0x7f, protectionKey: 0xf });
    expect(decodeEntry(high | 0x80n, 2)).toMatchObject({ availableHigh: 0x7f, protectionKey: 0xf });
    expect(decodeEntry(high, 2)).toMatchObject({ availableHigh: 0x7ff, protectionKey: 0 });
    expect(decodeEntry(high, 4)).toMatchObject({ availableHigh: 0x7ff, protectionKey: 0 });
    expect(decodeEntry(0x5800_0000_0000_0001n, 1).protectionKey).toBe(0xb);
    expect(decodeEntry(0x0800_0000_0000_0001n, 1).protectionKey).toBe(1);
  });

  it("a not-present entry keeps its bits for display but has kind not-present", () => {
    const garbage = 0xffff_ffff_ffff_fffen;
    for (const level of LEVELS) {
      const e = decodeEntry(garbage, level);
      expect(e.kind).toBe("not-present");
      expect(e.present).toBe(false);
      expect(e.raw).toBe(garbage);
    }
  });
});

describe("encodeEntry", () => {
  const all: EntryFlags = {
    writable: true,
    user: true,
    writeThrough: true,
    cacheDisable: true,
    accessed: true,
    dirty: true,
    global: true,
    pat: true,
    protectionKey: 0xa,
    executeDisable: true,
    availableLow: 5,
    availableHigh: 0x55,
  };

  it("round-trips every field of a leaf at levels 1-3", () => {
    for (const level of [1, 2, 3] as const) {
      const address =
        level === 1 ? 0x000f_ffff_ffff_f000 : level === 2 ? 0x000f_ffff_ffe0_0000 : 0x000f_ffff_c000_0000;
      const raw = encodeEntry(level, address, all, true);
      expect(decodeEntry(raw, level)).toMatchObject({
        kind: "leaf",
        writable: true,
        user: true,
        writeThrough: true,
        cacheDisable: true,
        accessed: true,
        dirty: true,
        global: true,
        pat: true,
        protectionKey: 0xa,
        executeDisable: true,
        availableLow: 5,
        availableHigh: 0x55,
        address,
      });
      expect(reservedBits(raw, level, { maxPhyAddr: 52, nxe: true })).toBe(0n);
    }
  });

  it("puts PAT in bit 7 of a PTE and in bit 12 (with PS) of a huge leaf", () => {
    expect(encodeEntry(1, 0x5000, { pat: true }, true)).toBe(0x5081n);
    expect(encodeEntry(2, 0x20_0000, { pat: true }, true)).toBe(0x20_1081n);
    expect(encodeEntry(3, 0x4000_0000, { pat: true }, true)).toBe(0x4000_1081n);
    expect(encodeEntry(2, 0x20_0000, {}, true)).toBe(0x20_0081n);
    expect(encodeEntry(1, 0x5000, {}, true)).toBe(0x5001n);
  });

  it("a pointer to a table gets neither PS, PAT, D, G nor a protection key; AVL high is 11 bits", () => {
    for (const level of [2, 3, 4, 5] as const) {
      const raw = encodeEntry(level, 0x1234_5000, { ...all, availableHigh: 0x7ff }, false);
      expect(raw & (b(6) | b(7) | b(8))).toBe(0n);
      expect(decodeEntry(raw, level)).toMatchObject({
        kind: "table",
        availableHigh: 0x7ff,
        address: 0x1234_5000,
      });
      expect(raw & ADDRESS_MASK).toBe(0x1234_5000n);
    }
  });

  it("present defaults to true; present: false gives P = 0", () => {
    expect(encodeEntry(1, 0, {}, true) & 1n).toBe(1n);
    expect(encodeEntry(1, 0x1000, { present: false, writable: true }, true)).toBe(0x1002n);
  });

  it("masks the address to bits 51:12 and field values to their widths", () => {
    expect(encodeEntry(1, 0x1fff, {}, true)).toBe(0x1001n);
    expect(encodeEntry(1, 0, { protectionKey: 0x1f, availableLow: 0xf }, true)).toBe(
      (0xfn << 59n) | (7n << 9n) | 1n,
    );
  });

  it("toggleBit and withAddress", () => {
    expect(toggleBit(0x3007n, 1)).toBe(0x3005n);
    expect(toggleBit(0x3007n, 63)).toBe(0x8000_0000_0000_3007n);
    expect(withAddress(0x8000_0000_0000_3067n, 0x7000)).toBe(0x8000_0000_0000_7067n);
    expect(withAddress(0x3067n, 0x10_0000_0000_1000)).toBe(0x1067n); // bit 52 is not address
  });
});

describe("reserved bits", () => {
  const ctx = (maxPhyAddr: number, nxe: boolean) => ({ maxPhyAddr, nxe });

  it("address bits 51:MAXPHYADDR are reserved in every present entry", () => {
    for (const level of LEVELS) {
      expect(reservedBits(b(39) | 1n, level, ctx(39, true))).toBe(b(39));
      expect(reservedBits(b(51) | 1n, level, ctx(39, true))).toBe(b(51));
      expect(reservedBits(b(38) | 1n, level, ctx(39, true))).toBe(0n);
      expect(reservedBits(b(45) | 1n, level, ctx(46, true))).toBe(0n);
      expect(reservedBits(b(46) | 1n, level, ctx(46, true))).toBe(b(46));
      expect(reservedBits(b(51) | 1n, level, ctx(52, true))).toBe(0n);
      expect(reservedBits(b(52) | b(58) | 1n, level, ctx(36, true))).toBe(0n); // AVL is never reserved
    }
  });

  it("bit 63 is reserved only while EFER.NXE = 0", () => {
    for (const level of LEVELS) {
      expect(reservedBits(b(63) | 1n, level, ctx(52, false))).toBe(b(63));
      expect(reservedBits(b(63) | 1n, level, ctx(52, true))).toBe(0n);
    }
  });

  it("PS is reserved in a PML4E and a PML5E, and nowhere else", () => {
    expect(reservedBits(0x81n, 4, ctx(52, true))).toBe(0x80n);
    expect(reservedBits(0x81n, 5, ctx(52, true))).toBe(0x80n);
    expect(reservedBitReasons(0x81n, 4, ctx(52, true))[0]?.description).toContain("PML4E");
    expect(reservedBits(0x81n, 3, ctx(52, true))).toBe(0n);
    expect(reservedBits(0x81n, 2, ctx(52, true))).toBe(0n);
    expect(reservedBits(0x81n, 1, ctx(52, true))).toBe(0n);
  });

  it("bits 20:13 of a 2 MiB leaf and 29:13 of a 1 GiB leaf are reserved; PAT (bit 12) is not", () => {
    expect(reservedBits(0x2000n | 0x81n, 2, ctx(52, true))).toBe(0x2000n);
    expect(reservedBits(b(20) | 0x81n, 2, ctx(52, true))).toBe(b(20));
    expect(reservedBits(b(21) | b(12) | 0x81n, 2, ctx(52, true))).toBe(0n);
    expect(reservedBits(b(13) | 0x81n, 3, ctx(52, true))).toBe(b(13));
    expect(reservedBits(b(29) | b(21) | 0x81n, 3, ctx(52, true))).toBe(b(29) | b(21));
    expect(reservedBits(b(30) | b(12) | 0x81n, 3, ctx(52, true))).toBe(0n);
    // Without PS the same bits are table address bits.
    expect(reservedBits(b(13) | 1n, 2, ctx(52, true))).toBe(0n);
    expect(reservedBits(b(29) | 1n, 3, ctx(52, true))).toBe(0n);
    expect(reservedBits(b(13) | 0x81n, 1, ctx(52, true))).toBe(0n);
  });

  it("combines several reasons, each with its mask", () => {
    const raw = b(63) | b(45) | b(14) | 0x81n;
    const reasons = reservedBitReasons(raw, 2, ctx(40, false));
    expect(reasons.map((r) => r.mask)).toEqual([b(45), b(63), b(14)]);
    expect(reservedBits(raw, 2, ctx(40, false))).toBe(b(63) | b(45) | b(14));
  });

  it("a not-present entry has no reserved bits whatever it holds", () => {
    for (const level of LEVELS)
      expect(reservedBitReasons(0xffff_ffff_ffff_fffen, level, ctx(36, false))).toEqual([]);
  });
});

describe("entryFields", () => {
  const kinds: { level: Level; raw: bigint; name: string }[] = [
    { level: 1, raw: 0x1n, name: "PTE" },
    { level: 2, raw: 0x81n, name: "2 MiB PDE" },
    { level: 2, raw: 0x1n, name: "PDE → PT" },
    { level: 3, raw: 0x81n, name: "1 GiB PDPTE" },
    { level: 3, raw: 0x1n, name: "PDPTE → PD" },
    { level: 4, raw: 0x1n, name: "PML4E" },
    { level: 5, raw: 0x1n, name: "PML5E" },
  ];

  it("covers every bit 0-63 exactly once, for every kind of entry and MAXPHYADDR", () => {
    for (const { level, raw, name } of kinds) {
      for (const maxPhyAddr of [36, 39, 46, 52]) {
        const count = new Array<number>(64).fill(0);
        for (const f of entryFields(level, raw, maxPhyAddr))
          for (let n = f.lo; n <= f.hi; n++) count[n] = (count[n] ?? 0) + 1;
        expect(count, `${name} maxPhyAddr ${maxPhyAddr}`).toEqual(new Array<number>(64).fill(1));
      }
    }
  });

  it("names bit 7 PAT in a PTE, PS elsewhere, and marks D/G unused in pointers", () => {
    expect(fieldOfBit(1, 1n, 52, 7)?.id).toBe("PAT");
    expect(fieldOfBit(2, 0x81n, 52, 7)?.id).toBe("PS");
    expect(fieldOfBit(4, 1n, 52, 7)?.explanation).toContain("Reserved");
    expect(fieldOfBit(2, 0x81n, 52, 12)?.id).toBe("PAT");
    expect(fieldOfBit(2, 0x81n, 52, 13)?.id).toBe("RSVD");
    expect(fieldOfBit(2, 0x81n, 52, 21)?.id).toBe("ADDR");
    expect(fieldOfBit(3, 0x81n, 52, 29)?.id).toBe("RSVD");
    expect(fieldOfBit(3, 0x81n, 52, 30)?.id).toBe("ADDR");
    expect(fieldOfBit(1, 1n, 40, 40)?.id).toBe("RSVD");
    expect(fieldOfBit(1, 1n, 40, 39)?.id).toBe("ADDR");
    expect(fieldOfBit(1, 1n, 52, 60)?.id).toBe("PK");
    expect(fieldOfBit(4, 1n, 52, 60)?.id).toBe("AVL_HIGH");
    expect(fieldOfBit(2, 1n, 52, 6)?.used).toBe(false);
    expect(fieldOfBit(2, 1n, 52, 8)?.used).toBe(false);
    expect(fieldOfBit(1, 1n, 52, 6)?.used).toBe(true);
  });
});

describe("entryFields keys", () => {
  it("a field's id and top bit name it once per entry, at every level, leaf or not (the inspector keys its groups by them)", () => {
    for (const level of [1, 2, 3, 4, 5] as const)
      for (const raw of [0n, 0x80n])
        for (const maxPhyAddr of [36, 46, 52]) {
          const ids = entryFields(level, raw, maxPhyAddr).map((f) => `${f.id}-${f.hi}`);
          expect(new Set(ids).size, `level ${level}, raw ${raw}, MAXPHYADDR ${maxPhyAddr}`).toBe(ids.length);
        }
  });
});
