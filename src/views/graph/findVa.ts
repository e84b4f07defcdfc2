/**
 * "Find VA": what the graph's search field makes of the text typed into it, in the user's words.
 * Pure (the walk is handed in), so the messages are tested without a browser.
 */
import {
  LEVEL_TABLE_NAMES,
  canonicalize,
  formatPhysAddr,
  formatVirtAddr,
  isCanonical,
  parseVirtAddr,
  vaBits,
  type PagingLevels,
} from "../../core/arch";
import type { WalkResult } from "../../core/walk";

/** A typed VA: refused (the VA is not changed), or to be walked. */
export type FindVaInput =
  | { readonly ok: false; readonly message: string }
  | { readonly ok: true; readonly va: bigint; readonly text: string };

export function parseFindVa(text: string, levels: PagingLevels): FindVaInput {
  if (text.trim() === "")
    return { ok: false, message: "Type a virtual address in hex, e.g. ffff888000000000." };
  const parsed = parseVirtAddr(text);
  if (!parsed.ok) return { ok: false, message: parsed.error.message };
  const va = parsed.value;
  if (!isCanonical(va, levels)) {
    const rule = `${formatVirtAddr(va, true)} is not canonical for ${levels}-level paging (bits 63:${vaBits(levels)} must equal bit ${vaBits(levels) - 1}; an access raises #GP and reads no table).`;
    // An address of the other paging depth is told so; a suggestion that keeps only zeros is none.
    const deeper =
      levels === 4 && isCanonical(va, 5) ? " It is canonical with 5-level paging (CR4.LA57 = 1)." : "";
    const nearest = canonicalize(va, levels);
    const suggestion = nearest === 0n ? "" : ` Did you mean ${formatVirtAddr(nearest, true)}?`;
    return { ok: false, message: rule + deeper + suggestion };
  }
  return { ok: true, va, text: formatVirtAddr(va, true) };
}

/** One sentence on where the walk of the found VA goes. */
export function findVaOutcome(walk: WalkResult): string {
  const va = formatVirtAddr(walk.va, true);
  const t = walk.translation;
  const last = walk.steps[walk.steps.length - 1];
  const entry = last ? `${LEVEL_TABLE_NAMES[last.level]}[${last.index}]` : "the root entry";
  switch (t.kind) {
    case "mapped":
      return walk.verdict.ok
        ? `${va} is mapped → PA ${formatPhysAddr(t.pa)}: its path is highlighted.`
        : `${va} is mapped → PA ${formatPhysAddr(t.pa)}, but this access faults: ${walk.verdict.reason}`;
    case "not-present":
      return `${va} is unmapped: ${entry} is not present, so the walk stops there.`;
    case "reserved-bit":
      return `${va} cannot be walked: ${entry} has reserved bits set (#PF).`;
    case "outside-memory":
      return `${va} cannot be walked: a table at ${formatPhysAddr(t.tableAddr)} lies beyond RAM.`;
    case "non-canonical":
      return `${va} is not canonical: an access raises #GP.`;
    case "paging-off":
      return t.message;
  }
}
