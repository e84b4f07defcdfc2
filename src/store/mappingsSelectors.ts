/**
 * What the Mappings panel shows, derived from the machine and remembered per (RAM, registers): the
 * leaves of the address space and the reverse lookup of one PA. Computed only when a view asks, and
 * the panel asks only while it is open.
 */
import type { PhysAddr, Registers } from "../core/arch";
import type { Ram } from "../core/memory";
import { listLeaves, reverseLookup, type LeafListing, type ReverseLookup } from "../core/inspect";
import { memoByKeys } from "./selectors";
import type { PagewalkState } from "./store";

/**
 * At most this many leaves in the panel: the LA57 Linux capture has about 70,000; a table of
 * self-pointers has billions, and each listed leaf is an object in the page's memory.
 */
export const PANEL_MAX_LEAVES = 200_000;

/** The last listing's count: an edit seldom changes it much, so the next listing makes room for as many. */
let lastLeafCount = 0;
const leavesMemo = memoByKeys((ram: Ram, regs: Registers): LeafListing => {
  const listing = listLeaves(ram, regs, { maxLeaves: PANEL_MAX_LEAVES, capacity: lastLeafCount + 64 });
  lastLeafCount = listing.list.length;
  return listing;
});

/** Every present leaf reachable from CR3, in VA order, in columns (at most `PANEL_MAX_LEAVES`). */
export function selectLeaves(state: PagewalkState): LeafListing {
  return leavesMemo(state.machine.ram, state.machine.regs);
}

const reverseMemo = memoByKeys((ram: Ram, regs: Registers, pa: PhysAddr | null): ReverseLookup | null =>
  pa === null ? null : reverseLookup(ram, regs, pa),
);

/** Every VA that reaches the PA asked about, or null when none is asked. */
export function selectReverseLookup(state: PagewalkState): ReverseLookup | null {
  return reverseMemo(state.machine.ram, state.machine.regs, state.mappingsUi.reversePa);
}
