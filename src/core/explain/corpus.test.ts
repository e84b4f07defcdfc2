/**
 * The fault-log corpus (`__fixtures__/logs/`, written by scripts/oracle/make-fault-logs.py from
 * faults QEMU 7.2 raised in the oracle's probe runs) with the explanation each must get, replayed
 * over the oracle fixture whose tables QEMU walked. The level, entry and field named here were
 * checked against the oracle's own reference walker (`ref` in the golden files) and the tables.
 */
import { describe, expect, it } from "vitest";
import { readLog } from "./__fixtures__/read-log";
import { goldenRam, goldenRegisters, readGolden } from "../__fixtures__/golden";
import { explainFault, replayRegisters, type FaultExplanation } from "./explain-fault";
import type { LogFormat } from "./fault-log";
import { parseFaultLog } from "./parse-fault-log";

interface Expected {
  readonly log: string;
  readonly golden: string;
  readonly format: LogFormat;
  readonly va: bigint;
  readonly errorCode: number | null;
  /** The root cause: "PT[129] XD = 1". */
  readonly entry: string;
  readonly headline: string;
}

const CORPUS: readonly Expected[] = [
  {
    log: "qemu-int-worked-example-xd.log",
    golden: "h00-worked-example",
    format: "qemu-int",
    va: 0x803fe81020n,
    errorCode: 0x11,
    entry: "PT[129] XD = 1",
    headline:
      "PT[129] has XD = 1: The PTE has XD = 1 (execute-disable, EFER.NXE = 1): instruction fetches fault.",
  },
  {
    log: "qemu-int-triple-fault.log",
    golden: "h00-worked-example",
    format: "qemu-int",
    va: 0x803fe7e000n,
    errorCode: 0x4,
    entry: "PT[126] P = 0",
    headline: "PT[126] has P = 0: nothing maps 0x803fe7e000 (the PTE is 0x7006).",
  },
  {
    log: "qemu-int-reserved-nxe0.log",
    golden: "h02-reserved-nxe0-pa39",
    format: "qemu-int",
    va: 0x1008n,
    errorCode: 0x8,
    entry: "PT[1] reserved bits",
    headline:
      "PT[1] has reserved bits: The PTE has reserved bits set: bit 63 (XD) is reserved while EFER.NXE = 0.",
  },
  {
    log: "qemu-int-wp1-write.log",
    golden: "h05-prot-wp1",
    format: "qemu-int",
    va: 0x1108n,
    errorCode: 0x3,
    entry: "PT[1] R/W = 0",
    headline: "PT[1] has R/W = 0: The PTE has R/W = 0, which forbids supervisor writes while CR0.WP = 1.",
  },
  {
    log: "qemu-int-user-us.log",
    golden: "h05-prot-wp1",
    format: "qemu-int",
    va: 0x2110n,
    errorCode: 0x5,
    entry: "PT[2] U/S = 0",
    headline:
      "PT[2] has U/S = 0: A user read needs U/S = 1 at every level; the PTE has U/S = 0 (supervisor only).",
  },
  {
    log: "qemu-int-smap.log",
    golden: "h07-prot-smep-smap",
    format: "qemu-int",
    va: 0x100n,
    errorCode: 0x1,
    entry: "PT[0] SMAP, supervisor data access to a user page",
    headline:
      "PT[0] maps 0x100, but CR4.SMAP = 1 forbids supervisor data accesses to user pages while RFLAGS.AC = 0.",
  },
  {
    log: "qemu-int-smep.log",
    golden: "h07-prot-smep-smap",
    format: "qemu-int",
    va: 0x100n,
    errorCode: 0x11,
    entry: "PT[0] SMEP, supervisor fetch from a user page",
    headline: "PT[0] maps 0x100, but CR4.SMEP = 1 forbids supervisor instruction fetches from user pages.",
  },
  {
    log: "qemu-int-pkey.log",
    golden: "h09-pku-mixed",
    format: "qemu-int",
    va: 0x1010n,
    errorCode: 0x27,
    entry: "PT[1] PKRU denies the page's protection key",
    headline:
      "PT[1] maps 0x1010, but the page has protection key 1 and PKRU.AD1 = 1: data accesses are disabled.",
  },
  {
    log: "qemu-int-la57.log",
    golden: "case08-la57",
    format: "qemu-int",
    va: 0x86375940ea979en,
    errorCode: 0x7,
    entry: "PML4[110] U/S = 0",
    headline: "PML4[110] has U/S = 0: every user access below it faults; the PTE's U/S = 0 denies it too.",
  },
  {
    log: "qemu-info-registers.log",
    golden: "h01-recursive-shared",
    format: "qemu-registers",
    va: 0x81c0000030n,
    errorCode: null,
    entry: "PD[0] R/W = 0",
    headline:
      "PD[0] has R/W = 0: every supervisor write (CR0.WP = 1) below it faults; the PTE's R/W = 1 does not help.",
  },
  {
    log: "x86_64-crate-worked-example.log",
    golden: "h00-worked-example",
    format: "x86_64-crate",
    va: 0x803fe80010n,
    errorCode: 0x7,
    entry: "PT[128] R/W = 0",
    headline: "PT[128] has R/W = 0: The PTE has R/W = 0, which forbids user writes.",
  },
  {
    log: "x86_64-crate-bitflags1.log",
    golden: "h05-prot-wp1",
    format: "x86_64-crate",
    va: 0x2110n,
    errorCode: 0x15,
    entry: "PT[2] U/S = 0",
    headline:
      "PT[2] has U/S = 0: A user fetch needs U/S = 1 at every level; the PTE has U/S = 0 (supervisor only).",
  },
  {
    log: "linux-oops-not-present.log",
    golden: "linux-4l",
    format: "linux-oops",
    va: 0xffffacc66518093dn,
    errorCode: 0x2,
    entry: "PML4[345] P = 0",
    headline: "PML4[345] has P = 0: nothing maps 0xffffacc66518093d (the PML4E is 0x0).",
  },
  {
    log: "linux-oops-write-ro.log",
    golden: "linux-4l",
    format: "linux-oops",
    va: 0xffffff0daa574910n,
    errorCode: 0x3,
    entry: "PDPT[54] R/W = 0",
    headline:
      "PDPT[54] has R/W = 0: every supervisor write (CR0.WP = 1) below it faults; the PTE's R/W = 0 denies it too.",
  },
];

function rootText(e: FaultExplanation): string {
  const r = e.rootCause;
  const names = { 5: "PML5", 4: "PML4", 3: "PDPT", 2: "PD", 1: "PT" } as const;
  return r ? `${names[r.level]}[${r.index}] ${r.field}` : "none";
}

function replay(c: Expected): FaultExplanation {
  const parsed = parseFaultLog(readLog(c.log));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const golden = readGolden(c.golden);
  const ram = goldenRam(golden);
  const { regs } = replayRegisters(goldenRegisters(golden), parsed.value.registers, ram);
  return explainFault(parsed.value, { memory: ram, regs });
}

describe("the fault-log corpus", () => {
  it("has at least ten logs in four formats", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(10);
    expect(new Set(CORPUS.map((c) => c.format)).size).toBe(4);
  });

  for (const c of CORPUS) {
    it(`${c.log}: read and replayed, the root cause named`, () => {
      const parsed = parseFaultLog(readLog(c.log));
      expect(parsed.ok && parsed.value.format).toBe(c.format);
      if (!parsed.ok) return;
      expect(parsed.value.errorCode).toBe(c.errorCode);
      expect(parsed.value.va).toBe(c.va);
      const e = replay(c);
      expect(e.kind).toBe("replayed");
      expect(rootText(e)).toBe(c.entry);
      expect(e.headline).toBe(c.headline);
      // The replayed walk faults with the log's own error code (QEMU's RSVD-without-P corrected).
      expect(e.walk?.verdict.ok).toBe(false);
      if (e.walk && !e.walk.verdict.ok && c.errorCode !== null)
        expect(e.walk.verdict.errorCode).toBe(c.errorCode | (c.errorCode & 8 ? 1 : 0));
    });
  }

  it("an oops without tables is explained from its printed entries, as the tables would", () => {
    for (const c of CORPUS.filter((k) => k.format === "linux-oops")) {
      const parsed = parseFaultLog(readLog(c.log));
      if (!parsed.ok) throw new Error(parsed.error.message);
      const e = explainFault(parsed.value, null);
      expect(e.kind).toBe("reconstructed");
      expect(rootText(e)).toBe(c.entry);
      expect(e.headline).toBe(c.headline);
    }
  });

  it("other logs without tables decode the error code and the registers", () => {
    const parsed = parseFaultLog(readLog("qemu-int-wp1-write.log"));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const e = explainFault(parsed.value, null);
    expect(e.kind).toBe("decoded");
    expect(e.walk).toBeNull();
    expect(e.headline).toBe(
      "A supervisor write of 0x1108 found the page present but not allowed: U/S, R/W, XD, SMEP or SMAP on its walk denied it.",
    );
    expect(e.details).toContain("  W = 1: the access was a write");
    expect(e.details).toContain("CR0.WP = 1: supervisor writes to read-only pages fault.");
  });

  it("without tables, a non-canonical fault address is told as #GP, not as a page found or missing", () => {
    const headline = (log: string): string => {
      const parsed = parseFaultLog(log);
      if (!parsed.ok) throw new Error(parsed.error.message);
      return explainFault(parsed.value, null).headline;
    };
    const code = "Error Code: PageFaultErrorCode(PROTECTION_VIOLATION | CAUSED_BY_WRITE)\n";
    // Not canonical with either paging mode.
    expect(headline(`CR2: 0x8000000000000000\n${code}`)).toBe(
      "0x8000000000000000 is not canonical: a supervisor write of 0x8000000000000000 raises #GP, not a page fault; the log's address is not what faulted, or the log is not from this CPU mode.",
    );
    // Canonical only with 5-level paging, and the log has no CR4 to say which.
    expect(headline(`CR2: 0x800000000000\n${code}`)).toBe(
      "0x800000000000 is canonical only with 5-level paging (CR4.LA57 = 1), which the log does not show: with 4-level paging a supervisor write of 0x800000000000 raises #GP, not a page fault.",
    );
    // A QEMU log gives CR4 (LA57 = 0): not canonical.
    const qemu = readLog("qemu-int-wp1-write.log").replace(/CR2=[0-9a-f]{16}/g, "CR2=0000800000000000");
    expect(headline(qemu)).toMatch(
      /^0x800000000000 is not canonical: a supervisor write of 0x800000000000 raises #GP/,
    );
    // A canonical address is decoded as before.
    expect(headline(`CR2: 0x7ffffffff000\n${code}`)).toMatch(/found the page present but not allowed/);
  });

  it("a log the tables no longer agree with says stale TLB or changed tables", () => {
    const c = CORPUS[1] as Expected; // PT[126] not present, user read
    const parsed = parseFaultLog(readLog(c.log));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const golden = readGolden(c.golden);
    const ram = goldenRam(golden);
    ram.writeEntry(0x41000 + 126 * 8, 0x7007n); // the page is mapped now, user-accessible
    const { regs } = replayRegisters(goldenRegisters(golden), parsed.value.registers, ram);
    const e = explainFault(parsed.value, { memory: ram, regs });
    expect(e.kind).toBe("disagrees");
    expect(e.headline).toBe(
      "The log says #PF error 0x4 = U at 0x803fe7e000, but the tables allow a user read there now: stale TLB or changed tables.",
    );
    ram.writeEntry(0x41000 + 126 * 8, 0x7003n); // present but supervisor-only: another fault than the log's
    const other = explainFault(parsed.value, { memory: ram, regs });
    expect(other.kind).toBe("disagrees");
    expect(other.headline).toContain(
      "but the tables give #PF error 0x5 = P | U at PT[126] (U/S = 0): stale TLB",
    );
  });
});
