/**
 * A traced walk as the sequence of steps a learner moves through one memory reference at a time
 * (DESIGN §7, issue 11 §1): split the VA; read one entry per level (PML5 first with LA57); then, for
 * a mapped translation, PA = frame base + offset, the access check naming the level that decided
 * it, and the fault or the A/D writes of the processor; for a walk that stops (not present, reserved
 * bits, a table outside memory) the fault right after the read that caused it; a non-canonical VA
 * is the split and #GP; paging off is one step.
 *
 * Built only from the walk's result (plain data) and the rules' one home (arch's decoding and
 * names, the walk's verdict and `accessedDirtyWrites`): nothing here decides a hardware rule, it
 * puts into words what the walk decided.
 */
import {
  ENTRY_A,
  ENTRY_D,
  LEVEL_ENTRY_NAMES,
  LEVEL_TABLE_NAMES,
  decodeEntry,
  pageSizeName,
  splitIndices,
  vaBits,
} from "../arch";
import { accessedDirtyWrites, type EntryWrite, type WalkResult, type WalkStep } from "../walk";
import { accessStep, faultStep } from "./verdict-steps";
import { NO_LIMITS, readStep, withEntry, type RightsSoFar } from "./read-step";
import { bitRangeText, focusOf, hex, hex64, indexBits, slotName } from "./step-format";
import type { VaBitRange, WalkStepView } from "./step-types";

export interface WalkStepsOptions {
  /** "Walk sets A/D": a permitted access then writes the accessed/dirty bits, one step per entry. */
  readonly accessedDirty: boolean;
}

/** Every step of the walk, in order. A pure function of its arguments. */
export function walkSteps(result: WalkResult, options: WalkStepsOptions): readonly WalkStepView[] {
  const { translation: t, mode } = result;
  if (t.kind === "paging-off") {
    return [
      {
        kind: "paging-off",
        title: "Paging is off",
        lines: [t.message, "No table is read."],
        bits: [],
        focus: null,
      },
    ];
  }
  const out: WalkStepView[] = [splitStep(result)];
  let rights: RightsSoFar = NO_LIMITS;
  result.steps.forEach((step, k) => {
    out.push(readStep(result.steps, k, mode, rights));
    rights = withEntry(rights, step, mode.nxe);
  });
  if (t.kind === "mapped") {
    out.push(translateStep(result));
    out.push(accessStep(result, t.permissions));
  }
  if (!result.verdict.ok) out.push(faultStep(result));
  else if (options.accessedDirty) out.push(...accessedDirtySteps(result));
  return out;
}

/** The VA cut into the sign extension, one index per level and the offset (SDM §4.5, Figure 4-8/4-9). */
function splitStep(result: WalkResult): WalkStepView {
  const { va, mode } = result;
  const top = vaBits(mode.levels);
  const split = splitIndices(va, mode.levels);
  const signBit = (va >> BigInt(top - 1)) & 1n;
  const canonical = result.translation.kind !== "non-canonical";
  const lines = [
    `VA ${hex(va)} with ${mode.levels}-level paging: bits ${top - 1}:0 are used; bits 63:${top} must all equal bit ${top - 1}.`,
    canonical
      ? `Bit ${top - 1} is ${signBit} and bits 63:${top} are all ${signBit}: the address is canonical.`
      : `Bit ${top - 1} is ${signBit}, but bits 63:${top} are ${hex(split.signExtension)}, not all ${signBit}: the address is not canonical.`,
  ];
  const bits: VaBitRange[] = [{ hi: 63, lo: top - 1 }];
  if (canonical) {
    for (const { level, index } of split.indices) {
      const range = indexBits(level);
      bits.push(range);
      lines.push(`${LEVEL_TABLE_NAMES[level]} index = VA ${bitRangeText(range)} = ${index} (${hex(index)}).`);
    }
    bits.push({ hi: 11, lo: 0 });
    lines.push(`Offset = VA bits 11:0 = ${hex(split.offset)}.`);
  }
  return { kind: "split", title: "Split the virtual address", lines, bits, focus: null };
}

/** PA = frame base + offset, with the numbers; a huge page's offset takes the low 21 or 30 bits. */
function translateStep(result: WalkResult): WalkStepView {
  const t = result.translation;
  const leaf = result.steps[result.steps.length - 1] as WalkStep;
  if (t.kind !== "mapped") throw new Error("translateStep: not a mapped translation");
  const base = decodeEntry(leaf.raw, leaf.level).address;
  const offsetBits = Math.log2(t.pageSize);
  const offset = result.va & BigInt(t.pageSize - 1);
  return {
    kind: "translate",
    title: "Physical address",
    lines: [
      `The ${LEVEL_ENTRY_NAMES[leaf.level]} ${slotName(leaf)} is the leaf: a ${pageSizeName(t.pageSize)} page, frame base ${hex(base)}.`,
      `Offset = VA bits ${offsetBits - 1}:0 = ${hex(offset)}.`,
      `PA = frame base + offset = ${hex(base)} + ${hex(offset)} = ${hex(t.pa)}.`,
    ],
    bits: [{ hi: offsetBits - 1, lo: 0 }],
    focus: focusOf(leaf),
  };
}

/** One step per entry the processor writes (SDM §4.8), in the order of `accessedDirtyWrites`. */
function accessedDirtySteps(result: WalkResult): WalkStepView[] {
  const writes = accessedDirtyWrites(result);
  const steps: WalkStepView[] = [];
  let from = 0;
  for (const w of writes) {
    // Writes come in walk order, one per step at most: the next step with this entry is the one.
    const k = result.steps.findIndex((s, i) => i >= from && s.entryAddr === w.entryAddr);
    const step = result.steps[k] as WalkStep;
    from = k + 1;
    steps.push(accessedDirtyStep(step, w));
  }
  return steps;
}

function accessedDirtyStep(step: WalkStep, w: EntryWrite): WalkStepView {
  const changed = w.after ^ w.before;
  const a = (changed & BigInt(ENTRY_A)) !== 0n;
  const d = (changed & BigInt(ENTRY_D)) !== 0n;
  const flags = a && d ? "A and D" : a ? "A" : "D";
  const lines = [
    `The processor writes the ${LEVEL_ENTRY_NAMES[step.level]} at ${hex(w.entryAddr)}: ${hex64(w.before)} → ${hex64(w.after)}.`,
  ];
  if (a) lines.push("A = 1: a walk used this entry (bit 5).");
  if (d) lines.push("D = 1: the page was written (bit 6, leaf only).");
  return {
    kind: "accessed-dirty",
    title: `Set ${flags} in ${slotName(step)}`,
    lines,
    bits: [indexBits(step.level)],
    focus: focusOf(step),
  };
}
