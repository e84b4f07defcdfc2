/**
 * Golden tests against the QEMU 7.2 oracle (src/core/__fixtures__/oracle, format in its README):
 * for every fixture, RAM is rebuilt from the sparse frames and every VA case is replayed through
 * the traced walk, the access checks and the allocation-free translator.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  isCanonical,
  virtAddr,
  ACCESS_KINDS,
  accessOfKind,
  pagingMode,
  type VirtAddr,
  type AccessKind,
  type Registers,
} from "./arch";
import { FRAME_SIZE, Ram } from "./memory";
import {
  createFastTranslator,
  NO_TRANSLATION,
  PERM_USER,
  PERM_WRITE,
  PERM_XD,
  accessedDirtyWrites,
  checkAccess,
  translateTraced,
  walk,
} from "./walk";

interface GoldenAccess {
  readonly outcome: "ok" | "fault" | "skipped";
  readonly exception?: "#PF" | "#GP";
  readonly errorCode?: string;
  readonly qemuErrorCode?: string;
  readonly reason?: string;
}

interface GoldenCase {
  readonly va: string;
  readonly canonical: boolean;
  readonly expected: { readonly pa?: string; readonly pageSize?: number; readonly fault?: string };
  readonly access: Readonly<Record<AccessKind, GoldenAccess>>;
}

interface GoldenPtChange {
  readonly frame: string;
  readonly index: number;
  readonly before: string;
  readonly after: string;
  readonly setBits: string;
}

interface Golden {
  readonly name: string;
  readonly registers: Readonly<Record<"cr0" | "cr3" | "cr4" | "efer" | "pkru", string>> & {
    readonly maxPhyAddr: number;
  };
  readonly ramMB: number;
  readonly frames: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly cases: readonly GoldenCase[];
  readonly ptChanges?: readonly GoldenPtChange[];
}

const DIR = join(__dirname, "__fixtures__", "oracle");
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith(".golden.json"))
  .sort();

/**
 * Oracle caveats: cases whose expected value is not what the SDM (and so this core) says, each
 * with the reason. Key: `fixture/va/access`.
 *
 * Both are supervisor writes (WP=1, SMAP=1, AC=0) to a read-only user page whose protection key has
 * WD=1 and AD=0. QEMU runs `lock xadd` as a load then a store; the load already faults on SMAP, so
 * QEMU reported 0x1. The fixture corrects W (0x3), as the README says, but not PK: for the write a
 * real CPU performs, SDM §4.7 sets PK whenever the key's WD=1, the access is a write and CR0.WP=1,
 * whatever else caused the fault. The SDM-correct code is 0x23 (P|W|PK), which is what we report.
 */
const CAVEATS: ReadonlyMap<string, string> = new Map([
  [
    "case07-everything/0xffffc32f174781cb/supWrite",
    "PK (WD, WP=1) missing from the corrected code: QEMU faulted on the load",
  ],
  [
    "case17-everything/0x548dcf8c8520/supWrite",
    "PK (WD, WP=1) missing from the corrected code: QEMU faulted on the load",
  ],
]);

function load(file: string): Golden {
  return JSON.parse(readFileSync(join(DIR, file), "utf8")) as Golden;
}

function buildRam(g: Golden): Ram {
  const ram = new Ram(g.ramMB * 1024 * 1024);
  for (const [frameHex, entries] of Object.entries(g.frames)) {
    const frame = Number(BigInt(frameHex));
    expect(frame % FRAME_SIZE, `${g.name}: frame ${frameHex} aligned`).toBe(0);
    expect(frame + FRAME_SIZE, `${g.name}: frame ${frameHex} inside ramMB`).toBeLessThanOrEqual(
      ram.sizeBytes,
    );
    for (const [index, value] of Object.entries(entries))
      ram.writeEntry(frame + Number(index) * 8, BigInt(value));
  }
  return ram;
}

function registersOf(g: Golden): Registers {
  const n = (hex: string): number => Number(BigInt(hex));
  return {
    cr0: n(g.registers.cr0),
    cr3: n(g.registers.cr3),
    cr4: n(g.registers.cr4),
    efer: n(g.registers.efer),
    pkru: n(g.registers.pkru),
    rflags: 0,
    maxPhyAddr: g.registers.maxPhyAddr,
  };
}

const totals = {
  fixtures: 0,
  cases: 0,
  accesses: 0,
  skipped: 0,
  caveats: 0,
  fast: 0,
  adBits: 0,
  dBitsExplained: 0,
};

describe("golden: QEMU oracle fixtures", () => {
  it("has the fixtures the README describes", () => {
    expect(FILES.length).toBe(37);
  });

  for (const file of FILES) {
    describe(file, () => {
      const g = load(file);
      const ram = buildRam(g);
      const regs = registersOf(g);
      const mode = pagingMode(regs);
      const fast = createFastTranslator(ram, regs);

      it("registers select long-mode paging", () => {
        expect(mode.unsupported).toBeNull();
        totals.fixtures++;
      });

      it("translations, access verdicts and error codes match", () => {
        const problems: string[] = [];
        for (const c of g.cases) {
          totals.cases++;
          const va = virtAddr(BigInt(c.va));
          if (isCanonical(va, mode.levels) !== c.canonical)
            problems.push(`${c.va}: canonical ${String(!c.canonical)}`);
          const { translation } = translateTraced(ram, mode, va);
          if (c.expected.pa !== undefined) {
            if (translation.kind !== "mapped") {
              problems.push(`${c.va}: expected pa ${c.expected.pa}, got ${translation.kind}`);
            } else {
              if (translation.pa !== Number(BigInt(c.expected.pa)))
                problems.push(`${c.va}: pa 0x${translation.pa.toString(16)} ≠ ${c.expected.pa}`);
              if (translation.pageSize !== c.expected.pageSize)
                problems.push(`${c.va}: page size ${translation.pageSize} ≠ ${c.expected.pageSize}`);
            }
          } else if (translation.kind !== c.expected.fault) {
            problems.push(`${c.va}: expected ${c.expected.fault}, got ${translation.kind}`);
          }
          for (const kind of ACCESS_KINDS) {
            const expected = c.access[kind];
            if (expected.outcome === "skipped") {
              totals.skipped++;
              continue;
            }
            const key = `${g.name}/${c.va}/${kind}`;
            if (CAVEATS.has(key)) {
              totals.caveats++;
              const verdict = checkAccess(translation, mode, va, accessOfKind(kind));
              if (verdict.ok || verdict.errorCode !== 0x23)
                problems.push(`${key}: caveat expects our SDM-correct 0x23`);
              continue;
            }
            totals.accesses++;
            const verdict = checkAccess(translation, mode, va, accessOfKind(kind));
            if (expected.outcome === "ok") {
              if (!verdict.ok)
                problems.push(
                  `${key}: expected ok, got ${verdict.exception} 0x${verdict.errorCode.toString(16)} (${verdict.reason})`,
                );
            } else if (verdict.ok) {
              problems.push(`${key}: expected ${expected.exception} ${expected.errorCode}, got ok`);
            } else {
              const code = Number(BigInt(expected.errorCode ?? "0x0"));
              if (verdict.exception !== expected.exception || verdict.errorCode !== code) {
                problems.push(
                  `${key}: expected ${expected.exception} 0x${code.toString(16)}, got ${verdict.exception} 0x${verdict.errorCode.toString(16)} (${verdict.reason})`,
                );
              }
              if (verdict.exception === "#GP" && verdict.cr2 !== null)
                problems.push(`${key}: #GP must leave CR2 alone`);
              if (verdict.exception === "#PF" && verdict.cr2 !== va)
                problems.push(`${key}: CR2 must be the VA`);
            }
          }
        }
        expect(problems).toEqual([]);
      });

      it("the fast translator agrees with the traced walk on every case", () => {
        const problems: string[] = [];
        for (const c of g.cases) {
          const va = BigInt(c.va);
          const { translation } = translateTraced(ram, mode, va as VirtAddr);
          const pa = fast.translate(Number(va >> 32n) | 0, Number(va & 0xffffffffn) | 0);
          totals.fast++;
          if (translation.kind !== "mapped") {
            if (pa !== NO_TRANSLATION)
              problems.push(`${c.va}: fast gives 0x${pa.toString(16)}, traced ${translation.kind}`);
            continue;
          }
          if (pa !== translation.pa) {
            problems.push(`${c.va}: fast 0x${pa.toString(16)} ≠ traced 0x${translation.pa.toString(16)}`);
            continue;
          }
          const p = translation.permissions;
          const perm =
            (p.writable ? PERM_WRITE : 0) | (p.user ? PERM_USER : 0) | (p.executeDisable ? PERM_XD : 0);
          if (fast.pageSize !== translation.pageSize || fast.perm !== perm)
            problems.push(`${c.va}: fast size/perm differ`);
        }
        expect(problems).toEqual([]);
      });

      if (g.ptChanges && g.ptChanges.length > 0) {
        const changes = g.ptChanges;
        // The oracle ran the 6 accesses of every VA in order on one machine and logged every A/D bit the
        // CPU set. QEMU also sets A on upper levels of walks that later fault, so A bits cannot be matched
        // one to one. What must hold: every A/D bit we would set for a successful access shows up in the
        // log (or was already set), and every D bit in the log comes from a write we would allow.
        it("A/D bits set by successful accesses appear in ptChanges; every D bit is explained", () => {
          const logged = new Map<number, bigint>();
          for (const ch of changes) {
            const addr = Number(BigInt(ch.frame)) + ch.index * 8;
            logged.set(addr, (logged.get(addr) ?? 0n) | BigInt(ch.setBits));
          }
          const predictedD = new Map<number, bigint>();
          const missing: string[] = [];
          for (const c of g.cases) {
            const va = virtAddr(BigInt(c.va) & ~7n); // the oracle aligns test VAs down to 8 bytes
            for (const kind of ACCESS_KINDS) {
              if (c.access[kind].outcome !== "ok") continue;
              const result = walk(ram, regs, va, accessOfKind(kind));
              for (const w of accessedDirtyWrites(result)) {
                const bits = w.after & ~w.before;
                totals.adBits++;
                if (((logged.get(w.entryAddr) ?? 0n) & bits) !== bits) {
                  missing.push(
                    `${c.va}/${kind}: entry 0x${w.entryAddr.toString(16)} bits 0x${bits.toString(16)} not logged`,
                  );
                }
                if (bits & 0x40n) predictedD.set(w.entryAddr, 0x40n);
              }
            }
          }
          for (const [addr, bits] of logged) {
            if ((bits & 0x40n) === 0n) continue;
            totals.dBitsExplained++;
            if (!predictedD.has(addr)) missing.push(`D set at 0x${addr.toString(16)} by no write we allow`);
          }
          expect(missing).toEqual([]);
        });
      }
    });
  }

  afterAll(() => {
    // Numbers for the report; the test above asserts each case.
    console.info(`golden: ${JSON.stringify(totals)}`);
  });
});
