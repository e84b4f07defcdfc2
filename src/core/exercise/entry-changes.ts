/**
 * The answer to "fix the tables": flag changes to entries of one walk, typed as
 * `PDE +U/S, PTE -XD` (an entry by its level's name, then one or more `+FLAG` / `-FLAG`). Parsing
 * names the part it cannot read; applying writes the changed entries on a copy of the machine.
 */
import {
  ENTRY_P,
  ENTRY_RW,
  ENTRY_US,
  ENTRY_XD_HI,
  LEVEL_ENTRY_NAMES,
  type Access,
  type Level,
  type Registers,
  type VirtAddr,
} from "../arch";
import { err, ok, quotable, type Result } from "../common";
import type { Ram } from "../memory";
import { walk, type WalkResult } from "../walk";
import { levelOfName } from "./exercise-text";

export type ChangeFlag = "P" | "R/W" | "U/S" | "XD";

export const FLAG_MASKS: Readonly<Record<ChangeFlag, bigint>> = {
  P: BigInt(ENTRY_P),
  "R/W": BigInt(ENTRY_RW),
  "U/S": BigInt(ENTRY_US),
  XD: BigInt(ENTRY_XD_HI) << 32n,
};

export interface EntryChange {
  readonly level: Level;
  readonly flag: ChangeFlag;
  readonly set: boolean;
}

const FLAG_NAMES: Readonly<Record<string, ChangeFlag>> = {
  P: "P",
  RW: "R/W",
  "R/W": "R/W",
  US: "U/S",
  "U/S": "U/S",
  XD: "XD",
  NX: "XD",
};

/** `PDE +U/S` */
export function formatChanges(changes: readonly EntryChange[]): string {
  const byLevel = new Map<Level, string[]>();
  for (const c of changes)
    byLevel.set(c.level, [...(byLevel.get(c.level) ?? []), `${c.set ? "+" : "-"}${c.flag}`]);
  return [...byLevel]
    .sort(([a], [b]) => b - a)
    .map(([level, flags]) => `${LEVEL_ENTRY_NAMES[level]} ${flags.join(" ")}`)
    .join(", ");
}

/**
 * The entries' parts of one comma-separated item: a word that names a level starts the next, so
 * "PML4E +P PDE +P" (a one-line field turns a pasted line break into a space) is two entries,
 * not PML4E with a flag "PPDE".
 */
function entryGroups(item: string): string[] {
  const groups: string[][] = [];
  for (const word of item.trim().split(/\s+/)) {
    if (word === "") continue;
    const last = groups[groups.length - 1];
    if (last === undefined || levelOfName(word.replace(/:$/, "")) !== null) groups.push([word]);
    else last.push(word);
  }
  return groups.map((words) => words.join(" "));
}

export function parseChanges(text: string): Result<EntryChange[]> {
  const changes: EntryChange[] = [];
  const items = text.split(/[,;\n]+/).flatMap(entryGroups);
  if (items.length === 0) return err("empty", 'Write the changes, e.g. "PDE +U/S, PTE -XD".');
  for (const item of items) {
    const m = /^([A-Za-z0-9]+)\s*:?\s*(.*)$/.exec(item);
    const level = m ? levelOfName(m[1] as string) : null;
    if (!m || level === null)
      return err(
        "malformed",
        `"${quotable(item)}": start with the entry's level (PML4E, PDPTE, PDE or PTE).`,
      );
    const ops = (m[2] as string).replace(/\s+/g, "");
    if (ops === "")
      return err(
        "malformed",
        `"${quotable(item)}": say which flag to set (+) or clear (-), e.g. ${quotable(m[1] as string)} +U/S.`,
      );
    const re = /([+-])([A-Za-z/]+?)(?=[+-]|$)/gy;
    let read = 0;
    for (let op = re.exec(ops); op; op = re.exec(ops)) {
      const flag = FLAG_NAMES[(op[2] as string).toUpperCase()];
      if (!flag)
        return err(
          "malformed",
          `"${quotable(item)}": ${quotable(op[2] as string)} is not a flag you can change here (P, R/W, U/S or XD).`,
        );
      changes.push({ level, flag, set: op[1] === "+" });
      read = re.lastIndex;
    }
    if (read !== ops.length)
      return err("malformed", `"${quotable(item)}": write each flag as +FLAG or -FLAG (P, R/W, U/S, XD).`);
  }
  return ok(changes);
}

/**
 * Applies the changes to `ram` top-down, re-walking after each level: a change that makes an entry
 * present (`+P`) lets the walk reach the levels below it, where the next changes apply. Returns
 * the walk after all changes, or which change names an entry the walk never reads.
 */
export function applyChanges(
  ram: Ram,
  regs: Registers,
  va: VirtAddr,
  access: Access,
  changes: readonly EntryChange[],
): Result<WalkResult> {
  const levels = [...new Set(changes.map((c) => c.level))].sort((a, b) => b - a);
  let result = walk(ram, regs, va, access);
  for (const level of levels) {
    const step = result.steps.find((s) => s.level === level);
    if (!step) {
      const name = LEVEL_ENTRY_NAMES[level];
      return err(
        "not-on-walk",
        `${name}: the walk of this VA does not reach a ${name} (it ends above that level).`,
      );
    }
    let value = ram.readEntry(step.entryAddr);
    for (const c of changes)
      if (c.level === level) value = c.set ? value | FLAG_MASKS[c.flag] : value & ~FLAG_MASKS[c.flag];
    ram.writeEntry(step.entryAddr, value);
    result = walk(ram, regs, va, access);
  }
  return ok(result);
}
