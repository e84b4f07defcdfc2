/**
 * The effective memory type of a page from its PAT type and the MTRR type of its physical range:
 * SDM vol. 3A §11.5.2.2, Table 11-7 ("Effective Page-Level Memory Types for Pentium III and More
 * Recent Processor Families"). This table is the one home of that rule.
 *
 * Where the less obvious entries come from:
 * - UC- in the PAT is "UC unless the MTRRs say WC": over a WC MTRR it gives WC, over every other
 *   MTRR type UC (over WP it gives WC: the SDM's note 3 says all processors with PAT and MTRRs do).
 * - WC in the PAT wins over every MTRR type: a WC page is WC even in a UC MTRR range.
 * - WP in the PAT is UC over a UC or WC MTRR, WP over WT, WB or WP; WP in the MTRR with a WT page
 *   is WT (note 3), with a WB page WP.
 * - A WB page takes the MTRR's type (that is why "a WB page over a UC range is UC").
 */
import type { MemoryType } from "./memory-type";

/** MTRRs never hold UC-: their types are UC, WC, WT, WP and WB (SDM Table 11-8). */
export type MtrrType = Exclude<MemoryType, "UC-">;

const TABLE: Readonly<Record<MtrrType, Readonly<Record<MemoryType, MemoryType>>>> = {
  UC: { UC: "UC", "UC-": "UC", WC: "WC", WT: "UC", WB: "UC", WP: "UC" },
  WC: { UC: "UC", "UC-": "WC", WC: "WC", WT: "UC", WB: "WC", WP: "UC" },
  WT: { UC: "UC", "UC-": "UC", WC: "WC", WT: "WT", WB: "WT", WP: "WP" },
  WB: { UC: "UC", "UC-": "UC", WC: "WC", WT: "WT", WB: "WB", WP: "WP" },
  WP: { UC: "UC", "UC-": "WC", WC: "WC", WT: "WT", WB: "WP", WP: "WP" },
};

/** SDM Table 11-7: the effective type of a page whose PAT entry is `pat` in an MTRR range of type `mtrr`. */
export function combineMemoryTypes(mtrr: MtrrType, pat: MemoryType): MemoryType {
  return TABLE[mtrr][pat];
}
