/**
 * Before mapping a page: would the accesses it is made for actually work? A leaf's U/S, R/W and XD
 * are only its own say; the processor combines them with every upper entry of the walk (SDM vol. 3A
 * §4.6: U/S and R/W must be 1 at every level, XD at any level forbids fetches under NXE). Mapping a
 * user page below a PML4 entry with U/S = 0 still faults on every user access, at the PML4.
 *
 * The answer is not re-derived here: the mapping is made on a draft (a fork of the machine that is
 * then dropped) and the new VA is walked with each intended access, so the walk and its access
 * check (walk/access-check.ts) decide, exactly as they will after the real map.
 */
import {
  ENTRY_RW,
  ENTRY_US,
  ENTRY_XD_HI,
  allowsUser,
  allowsWrite,
  hasExecuteDisable,
  LEVEL_TABLE_NAMES,
  PAGE_4K,
  formatPhysAddr,
  levelOfPageSize,
  pageSizeName,
  type Access,
  type EntryFlags,
  type Level,
  type PhysAddr,
  type Registers,
  pagingMode,
} from "../arch";
import type { Result } from "../common";
import { lintAddressSpace, type LintKind } from "../lint";
import type { Ram } from "../memory";
import { AddressSpace, type MapRequest } from "../space";
import { walk, type FaultCause, type WalkResult } from "../walk";
import { MachineDraft, type Machine } from "./machine";

/** An intended access the walk would still deny, at a level above the new leaf. */
export interface UpperDenial {
  readonly access: Access;
  /** The level whose entry denies it, and the entry. */
  readonly level: Level;
  readonly entryAddr: PhysAddr;
  readonly index: number;
  readonly cause: FaultCause;
  /** The walk's own sentence for it. */
  readonly reason: string;
}

/** One upper entry the fix-up changes: the rights it gains. */
export interface UpperRightsChange {
  readonly level: Level;
  readonly index: number;
  readonly entryAddr: PhysAddr;
  readonly setUser: boolean;
  readonly setWritable: boolean;
  readonly clearXd: boolean;
}

/**
 * A mapping the walk allows but that is most likely a mistake, found by the lint's own rules on the
 * new page: its frame lies outside RAM, or it lets user code write a page table.
 */
export interface MapHazard {
  readonly kind: Extract<LintKind, "frame-outside-ram" | "user-writable-table">;
  readonly message: string;
}

export interface MapCheck {
  readonly denials: readonly UpperDenial[];
  /** What `grantUpperRights` would change so that every intended access is allowed above the leaf. */
  readonly changes: readonly UpperRightsChange[];
  readonly hazards: readonly MapHazard[];
}

/**
 * The accesses a mapping is made for, from its leaf flags: a read (by user code when U/S is set),
 * a write when R/W is set, an instruction fetch when XD is clear.
 */
export function intendedAccesses(leafFlags: EntryFlags): Access[] {
  const mode = leafFlags.user ? "user" : "supervisor";
  const accesses: Access[] = [{ op: "read", mode }];
  if (leafFlags.writable) accesses.push({ op: "write", mode });
  if (!leafFlags.executeDisable) accesses.push({ op: "fetch", mode });
  return accesses;
}

/** The causes an upper entry can give, and that the leaf's own flags cannot change. */
const UPPER_CAUSES: ReadonlySet<FaultCause> = new Set<FaultCause>(["US", "RW", "XD"]);

function upperDenial(result: WalkResult, leafLevel: Level): UpperDenial | null {
  const v = result.verdict;
  if (v.ok || v.level === null || v.level <= leafLevel || !UPPER_CAUSES.has(v.cause)) return null;
  const step = result.steps.find((s) => s.level === v.level);
  if (!step) return null;
  return {
    access: result.access,
    level: v.level,
    entryAddr: step.entryAddr,
    index: step.index,
    cause: v.cause,
    reason: v.reason,
  };
}

/** The upper entries of the walk to `request.va` that lack a right the leaf flags ask for. */
function neededChanges(ram: Ram, regs: Registers, request: MapRequest): UpperRightsChange[] {
  const leafLevel = levelOfPageSize(request.size);
  const nxe = pagingMode(regs).nxe;
  const result = walk(ram, regs, request.va, { op: "read", mode: "supervisor" });
  const changes: UpperRightsChange[] = [];
  for (const step of result.steps) {
    if (step.level <= leafLevel) continue;
    const lo = Number(step.raw & 0xffffffffn);
    const hi = Number(step.raw >> 32n);
    const setUser = request.leafFlags.user === true && !allowsUser(lo);
    const setWritable = request.leafFlags.writable === true && !allowsWrite(lo);
    const clearXd = nxe && request.leafFlags.executeDisable !== true && hasExecuteDisable(hi);
    if (setUser || setWritable || clearXd)
      changes.push({
        level: step.level,
        index: step.index,
        entryAddr: step.entryAddr,
        setUser,
        setWritable,
        clearXd,
      });
  }
  return changes;
}

/**
 * Maps `request` on a throwaway draft of `machine` and walks the new VA with each intended access:
 * the denials that come from an upper level, the upper entries whose rights would fix them, and the
 * hazards of the mapping as asked for (with those rights). The map's own error (overlap,
 * misalignment, no free frame) is returned as is.
 */
export function checkMapping(machine: Machine, request: MapRequest): Result<MapCheck> {
  const draft = new MachineDraft(machine);
  const mapped = mapOn(draft, request);
  if (!mapped.ok) return mapped;
  const leafLevel = levelOfPageSize(request.size);
  const denials: UpperDenial[] = [];
  for (const access of intendedAccesses(request.leafFlags)) {
    const denial = upperDenial(walk(draft.readRam, draft.regs, request.va, access), leafLevel);
    if (denial) denials.push(denial);
  }
  const changes = denials.length === 0 ? [] : neededChanges(draft.readRam, draft.regs, request);
  // The draft is dropped, so it can take the rights the leaf asks for: the hazards are those of the
  // mapping as the user means it (a user-writable page is only user-writable once the upper levels agree).
  grantUpperRights(draft, request);
  return { ok: true, value: { denials, changes, hazards: hazardsOf(draft, request) } };
}

/**
 * The lint's findings about the new page, in the Map form's words. Linting the whole draft (about
 * 10 ms on the Linux tables) keeps the rules in one place: the lint also sees the tables the mapping
 * itself allocated (a page mapped over the frame that becomes its own page table).
 */
function hazardsOf(draft: MachineDraft, request: MapRequest): MapHazard[] {
  if (pagingMode(draft.regs).unsupported) return [];
  const hazards: MapHazard[] = [];
  const frames = describeFrames(request);
  for (const f of lintAddressSpace(draft.readRam, draft.regs).findings) {
    if (request.va < f.va.start || request.va >= f.va.end) continue;
    if (f.kind === "frame-outside-ram")
      hazards.push({
        kind: f.kind,
        message: `${frames.subject} ${frames.liesOutside} RAM, which ends at ${formatPhysAddr(draft.readRam.sizeBytes - 1)}: right for device memory (MMIO), wrong for memory.`,
      });
    else if (f.kind === "user-writable-table")
      hazards.push({
        kind: f.kind,
        message: `${frames.subject} ${frames.hold} a page table of this address space: user code could write it through this page and map itself anything.`,
      });
  }
  return hazards;
}

/** "PA 0x8000" for a 4 KiB page, "The 2 MiB at PA 0x200000–0x3fffff" for a bigger one, with its verbs. */
function describeFrames(request: MapRequest): { subject: string; liesOutside: string; hold: string } {
  if (request.size === PAGE_4K)
    return { subject: `PA ${formatPhysAddr(request.pa)}`, liesOutside: "lies outside", hold: "holds" };
  const end = formatPhysAddr(request.pa + request.size - 1);
  return {
    subject: `The ${pageSizeName(request.size)} at PA ${formatPhysAddr(request.pa)}–${end}`,
    liesOutside: "reach outside",
    hold: "hold",
  };
}

/** Maps one page on a draft, in the address space rooted at its CR3. */
export function mapOn(draft: MachineDraft, request: MapRequest): Result<void> {
  const mode = pagingMode(draft.regs);
  return new AddressSpace(draft.ram, draft.alloc, mode.root, mode.levels).map(request);
}

/**
 * Gives the upper entries of the walk to `request.va` the rights its leaf flags ask for (U/S, R/W,
 * XD clear), on a draft where the page is mapped. Returns what changed.
 */
export function grantUpperRights(draft: MachineDraft, request: MapRequest): UpperRightsChange[] {
  const changes = neededChanges(draft.readRam, draft.regs, request);
  for (const c of changes) {
    let raw = draft.ram.readEntry(c.entryAddr);
    if (c.setUser) raw |= BigInt(ENTRY_US);
    if (c.setWritable) raw |= BigInt(ENTRY_RW);
    if (c.clearXd) raw &= ~(BigInt(ENTRY_XD_HI) << 32n);
    draft.ram.writeEntry(c.entryAddr, raw);
  }
  return changes;
}

/** `PML4[1] U/S, R/W` — an upper-rights change in the entry's own words. */
export function describeChange(c: UpperRightsChange): string {
  const parts = [
    c.setUser ? "U/S = 1" : "",
    c.setWritable ? "R/W = 1" : "",
    c.clearXd ? "XD = 0" : "",
  ].filter((p) => p !== "");
  return `${LEVEL_TABLE_NAMES[c.level]}[${c.index}] ${parts.join(", ")}`;
}
