/**
 * The fields of an entry as a learner reads them: bit range, short name, and what the field means
 * at this level (SDM vol. 3A Tables 4-15 … 4-20). The entry inspector and the CLI print these words,
 * so the explanation a person reads and the rule the walk applies come from one place.
 */
import { LEVEL_ENTRY_NAMES, LEVEL_TABLE_NAMES, pageSizeName, type Level } from "./address";
import { pageSizeOfLevel } from "./paging-rules";
import { isLeafEntry } from "./entry";

export type FieldId =
  | "P"
  | "RW"
  | "US"
  | "PWT"
  | "PCD"
  | "A"
  | "D"
  | "PS"
  | "PAT"
  | "G"
  | "AVL"
  | "ADDR"
  | "RSVD"
  | "AVL_HIGH"
  | "PK"
  | "XD";

export interface EntryField {
  readonly id: FieldId;
  /** Short label as the SDM prints it, e.g. "U/S". */
  readonly label: string;
  /** Lowest and highest bit, inclusive. */
  readonly lo: number;
  readonly hi: number;
  /** Plain-English meaning of this field for this level and entry kind. */
  readonly explanation: string;
  /** False when hardware ignores the field here (e.g. D in a pointer to a table). */
  readonly used: boolean;
}

/**
 * The field layout of an entry at `level`, given its raw value (PS decides whether a PDPTE/PDE is a
 * leaf) and MAXPHYADDR (which splits bits 51:12 into address and reserved).
 */
export function entryFields(level: Level, raw: bigint, maxPhyAddr: number): EntryField[] {
  const leaf = isLeafEntry(raw, level);
  const huge = leaf && level !== 1;
  const name = LEVEL_ENTRY_NAMES[level];
  const target = leaf
    ? `the ${pageSizeName(pageSizeOfLevel(level as 1 | 2 | 3))} page`
    : `the ${LEVEL_TABLE_NAMES[(level - 1) as Level]} it points to`;
  const fields: EntryField[] = [
    {
      id: "P",
      label: "P",
      lo: 0,
      hi: 0,
      used: true,
      explanation: `Present. 0 = nothing is mapped through this ${name}: any access faults (#PF with P=0 in the error code), and every other bit is ignored by hardware.`,
    },
    {
      id: "RW",
      label: "R/W",
      lo: 1,
      hi: 1,
      used: true,
      explanation: `Read/write. 0 = writes to ${leaf ? "this page" : "everything below this entry"} are not allowed (user writes always fault; supervisor writes fault when CR0.WP = 1). Writable only if R/W = 1 at every level.`,
    },
    {
      id: "US",
      label: "U/S",
      lo: 2,
      hi: 2,
      used: true,
      explanation: `User/supervisor. 0 = supervisor only: a user-mode (CPL 3) access to ${leaf ? "this page" : "anything below this entry"} faults. User-accessible only if U/S = 1 at every level.`,
    },
    {
      id: "PWT",
      label: "PWT",
      lo: 3,
      hi: 3,
      used: true,
      explanation: `Page-level write-through: with PCD and PAT, selects the memory type used to access ${target}.`,
    },
    {
      id: "PCD",
      label: "PCD",
      lo: 4,
      hi: 4,
      used: true,
      explanation: `Page-level cache disable: with PWT and PAT, selects the memory type used to access ${target}.`,
    },
    {
      id: "A",
      label: "A",
      lo: 5,
      hi: 5,
      used: true,
      explanation: `Accessed. Set by the processor when it uses this entry during a walk; software clears it to track use.`,
    },
    {
      id: "D",
      label: "D",
      lo: 6,
      hi: 6,
      used: leaf,
      explanation: leaf
        ? "Dirty. Set by the processor on the first write to this page."
        : "Ignored in an entry that points to a table (D exists only in leaves).",
    },
  ];
  if (level === 1) {
    fields.push({
      id: "PAT",
      label: "PAT",
      lo: 7,
      hi: 7,
      used: true,
      explanation:
        "Page attribute table index bit: with PCD and PWT selects the page's memory type. (Bit 7 is PAT in a PTE, PS elsewhere.)",
    });
  } else if (level === 2 || level === 3) {
    fields.push({
      id: "PS",
      label: "PS",
      lo: 7,
      hi: 7,
      used: true,
      explanation: `Page size. 1 = this ${name} maps a ${level === 3 ? "1 GiB" : "2 MiB"} page directly (a leaf); 0 = it points to a ${LEVEL_TABLE_NAMES[(level - 1) as Level]}.`,
    });
  } else {
    fields.push({
      id: "PS",
      label: "PS",
      lo: 7,
      hi: 7,
      used: true,
      explanation: `Reserved: must be 0 in a ${name} (there are no ${level === 4 ? "512 GiB" : "256 TiB"} pages). Set, it makes the walk fault with RSVD.`,
    });
  }
  fields.push({
    id: "G",
    label: "G",
    lo: 8,
    hi: 8,
    used: leaf,
    explanation: leaf
      ? "Global (with CR4.PGE): the translation stays in the TLB when CR3 is reloaded."
      : "Ignored in an entry that points to a table.",
  });
  fields.push({
    id: "AVL",
    label: "AVL",
    lo: 9,
    hi: 11,
    used: false,
    explanation: "Ignored by hardware: free for the operating system's own bookkeeping.",
  });
  if (huge) {
    fields.push({
      id: "PAT",
      label: "PAT",
      lo: 12,
      hi: 12,
      used: true,
      explanation: "Page attribute table index bit of a huge page (bit 12, since bit 7 is PS here).",
    });
    const low = level === 2 ? 20 : 29;
    fields.push({
      id: "RSVD",
      label: "RSVD",
      lo: 13,
      hi: low,
      used: true,
      explanation: `Reserved: a ${level === 2 ? "2 MiB" : "1 GiB"} page is aligned to its size, so bits ${low}:13 must be 0; set, the walk faults with RSVD.`,
    });
  }
  const addrLo = huge ? (level === 2 ? 21 : 30) : 12;
  const addrHi = Math.min(maxPhyAddr, 52) - 1;
  fields.push({
    id: "ADDR",
    label: "Address",
    lo: addrLo,
    hi: addrHi,
    used: true,
    explanation: leaf
      ? `Physical address of the ${pageSizeName(pageSizeOfLevel(level as 1 | 2 | 3))} page (bits ${addrHi}:${addrLo}).`
      : `Physical address of the ${LEVEL_TABLE_NAMES[(level - 1) as Level]} this entry points to (4 KiB aligned).`,
  });
  if (maxPhyAddr < 52) {
    fields.push({
      id: "RSVD",
      label: "RSVD",
      lo: maxPhyAddr,
      hi: 51,
      used: true,
      explanation: `Reserved: bits 51:${maxPhyAddr} lie beyond MAXPHYADDR (${maxPhyAddr}) and must be 0; set, the walk faults with RSVD.`,
    });
  }
  if (leaf) {
    fields.push({
      id: "AVL_HIGH",
      label: "AVL",
      lo: 52,
      hi: 58,
      used: false,
      explanation: "Ignored by hardware: free for the operating system.",
    });
    fields.push({
      id: "PK",
      label: "PK",
      lo: 59,
      hi: 62,
      used: true,
      explanation:
        "Protection key (with CR4.PKE): selects 2 bits of PKRU that can deny data access (AD) or writes (WD) to user pages.",
    });
  } else {
    fields.push({
      id: "AVL_HIGH",
      label: "AVL",
      lo: 52,
      hi: 62,
      used: false,
      explanation: "Ignored by hardware in an entry that points to a table.",
    });
  }
  fields.push({
    id: "XD",
    label: "XD",
    lo: 63,
    hi: 63,
    used: true,
    explanation: `Execute-disable (with EFER.NXE; reserved otherwise). 1 = instruction fetches from ${leaf ? "this page" : "anything below this entry"} fault.`,
  });
  return fields;
}

/** The field that contains bit `n` at this level. */
export function fieldOfBit(level: Level, raw: bigint, maxPhyAddr: number, n: number): EntryField | undefined {
  return entryFields(level, raw, maxPhyAddr).find((f) => n >= f.lo && n <= f.hi);
}
