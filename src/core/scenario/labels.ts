/**
 * Looking up a scenario's names ("kernel text", "user stack", "PML4 of process A"): the name of a
 * frame (a table is named by the frame it sits in) and the name of the VA range that holds an
 * address. Views show them wherever the frame or the address appears.
 */
import type { ScenarioLabel } from "./scenario-state";

/** Each named frame's name, by physical address (the first name given to a frame wins). */
export function frameNames(labels: readonly ScenarioLabel[]): ReadonlyMap<number, string> {
  const names = new Map<number, string>();
  for (const l of labels) if (l.kind === "frame" && !names.has(l.addr)) names.set(l.addr, l.name);
  return names;
}

/** VA-range names, narrowest first, so the first range holding an address is the most specific. */
export interface VaRangeNames {
  readonly ranges: readonly { readonly start: bigint; readonly last: bigint; readonly name: string }[];
}

export function vaRangeNames(labels: readonly ScenarioLabel[]): VaRangeNames {
  const ranges = labels
    .filter((l) => l.kind === "va-range")
    .map((l) => ({ start: l.start, last: l.last, name: l.name }))
    .sort((a, b) => (a.last - a.start < b.last - b.start ? -1 : a.last - a.start > b.last - b.start ? 1 : 0));
  return { ranges };
}

/** The name of the narrowest named range holding `va`, or null. */
export function vaNameOf(names: VaRangeNames, va: bigint): string | null {
  for (const r of names.ranges) if (va >= r.start && va <= r.last) return r.name;
  return null;
}
