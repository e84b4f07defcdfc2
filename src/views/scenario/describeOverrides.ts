/**
 * A bookmark's register overrides as a learner reads them: the control bits that differ from the
 * scenario's own registers, by name ("CR0.WP = 0", "RFLAGS.AC = 1", "LA57 off", "SMEP on"), another
 * address space by its process name ("CR3 0x4000 (process B)"), and only what has no name in hex.
 */
import { CR0, CR4, EFER, RFLAGS_AC, type Registers } from "../../core/arch";
import { formatHex } from "../../core/common";
import { REGISTER_NAMES, type RegisterOverrides, type ScenarioProcess } from "../../core/scenario";

type FlagRegisterName = "cr0" | "cr4" | "efer" | "rflags";

interface NamedBit {
  readonly mask: number;
  /** How the bit reads when set and when clear. */
  readonly text: (on: boolean) => string;
}

const assigned =
  (name: string) =>
  (on: boolean): string =>
    `${name} = ${on ? 1 : 0}`;
const feature =
  (name: string) =>
  (on: boolean): string =>
    `${name} ${on ? "on" : "off"}`;

/** The bits each register is known by (SDM vol. 3A §2.5 control registers, §4.1.1 paging modes). */
const NAMED_BITS: Readonly<Record<FlagRegisterName, readonly NamedBit[]>> = {
  cr0: [
    { mask: CR0.PG, text: assigned("CR0.PG") },
    { mask: CR0.WP, text: assigned("CR0.WP") },
    { mask: CR0.PE, text: assigned("CR0.PE") },
  ],
  cr4: [
    { mask: CR4.LA57, text: feature("LA57") },
    { mask: CR4.SMEP, text: feature("SMEP") },
    { mask: CR4.SMAP, text: feature("SMAP") },
    { mask: CR4.PKE, text: feature("PKE") },
    { mask: CR4.PCIDE, text: feature("PCIDE") },
    { mask: CR4.PGE, text: feature("PGE") },
    { mask: CR4.PAE, text: assigned("CR4.PAE") },
    { mask: CR4.PSE, text: assigned("CR4.PSE") },
  ],
  efer: [
    { mask: EFER.NXE, text: assigned("EFER.NXE") },
    { mask: EFER.LME, text: assigned("EFER.LME") },
    { mask: EFER.LMA, text: assigned("EFER.LMA") },
    { mask: EFER.SCE, text: assigned("EFER.SCE") },
  ],
  rflags: [{ mask: RFLAGS_AC, text: assigned("RFLAGS.AC") }],
};

const UPPER: Readonly<Record<keyof Registers, string>> = {
  cr0: "CR0",
  cr3: "CR3",
  cr4: "CR4",
  efer: "EFER",
  pkru: "PKRU",
  rflags: "RFLAGS",
  maxPhyAddr: "MAXPHYADDR",
};

/** The named bits of `value` that differ from `base`, then the other differing bits' value in hex. */
function flagChanges(name: FlagRegisterName, base: number, value: number): string[] {
  const out: string[] = [];
  let named = 0;
  for (const bit of NAMED_BITS[name]) {
    named |= bit.mask;
    if ((base & bit.mask) !== (value & bit.mask)) out.push(bit.text((value & bit.mask) !== 0));
  }
  if (((base ^ value) & ~named) !== 0) out.push(`${UPPER[name]} = ${formatHex(value >>> 0)}`);
  return out;
}

/**
 * What a bookmark's overrides change, as short phrases in register order: nothing for an
 * override equal to the scenario's own value.
 */
export function describeOverrides(
  overrides: RegisterOverrides | undefined,
  base: Registers,
  processes: readonly ScenarioProcess[] = [],
): string[] {
  if (!overrides) return [];
  const out: string[] = [];
  for (const name of REGISTER_NAMES) {
    const value = overrides[name];
    if (value === undefined || value === base[name]) continue;
    switch (name) {
      case "cr0":
      case "cr4":
      case "efer":
      case "rflags":
        out.push(...flagChanges(name, base[name], value));
        break;
      case "cr3": {
        const process = processes.find((p) => p.cr3 === value);
        out.push(`CR3 ${formatHex(value)}${process ? ` (${process.name})` : ""}`);
        break;
      }
      case "pkru":
        out.push(`PKRU = ${formatHex(value >>> 0)}`);
        break;
      case "maxPhyAddr":
        out.push(`MAXPHYADDR = ${value}`);
        break;
    }
  }
  return out;
}
