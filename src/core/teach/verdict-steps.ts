/**
 * The end of a walk as steps: the access check of a mapped translation, rule by rule in the order
 * the processor's check applies them (SDM vol. 3A §4.6, `PERMISSION_RULES`), and the fault it
 * raises (§4.7) with the error code broken into its bits and CR2. Which rule denied, and at which
 * level, is the walk's verdict (access-check.ts): these steps explain it, they never decide it.
 */
import {
  LEVEL_ENTRY_NAMES,
  LEVEL_TABLE_NAMES,
  PF_BIT_NAMES,
  describeAccess,
  describeErrorCode,
  pkruBits,
  vaBits,
  type Level,
} from "../arch";
import { PERMISSION_RULES, type EffectivePermissions, type PermissionRule, type WalkResult } from "../walk";
import { focusOf, hex, indexBits, slotName } from "./step-format";
import type { StepFocus, WalkStepView } from "./step-types";

const entryIn = (level: Level | null): string =>
  level === null ? "an entry" : `the ${LEVEL_ENTRY_NAMES[level]}`;

/** The facts one rule looks at, for this access and these rights. */
function ruleFacts(rule: PermissionRule, result: WalkResult, p: EffectivePermissions): string {
  const { access: a, mode: m } = result;
  switch (rule) {
    case "US":
      if (a.mode === "supervisor") return "U/S: a supervisor access may use user and supervisor pages";
      return p.user
        ? "U/S: a user access needs U/S = 1 at every level, and it is"
        : `U/S: a user access needs U/S = 1 at every level; U/S = 0 in ${entryIn(p.userLimitedBy)}`;
    case "RW":
      if (a.op !== "write") return "R/W: not a write, so R/W does not matter";
      if (p.writable) return "R/W: a write needs R/W = 1 at every level, and it is";
      if (a.mode === "user")
        return `R/W: R/W = 0 in ${entryIn(p.writableLimitedBy)}, and user writes need R/W = 1`;
      return m.wp
        ? `R/W: R/W = 0 in ${entryIn(p.writableLimitedBy)}, and CR0.WP = 1 applies it to supervisor writes`
        : `R/W: R/W = 0 in ${entryIn(p.writableLimitedBy)}, but CR0.WP = 0 lets supervisor writes through`;
    case "XD":
      if (a.op !== "fetch") return "XD: not an instruction fetch";
      if (!m.nxe) return "XD: EFER.NXE = 0, so XD is not used";
      return p.executeDisable
        ? `XD: XD = 1 in ${entryIn(p.executeDisabledBy)} with EFER.NXE = 1`
        : "XD: XD = 0 at every level (EFER.NXE = 1)";
    case "SMEP":
      if (a.op !== "fetch" || a.mode !== "supervisor") return "SMEP: applies to supervisor fetches only";
      if (!m.smep) return "SMEP: CR4.SMEP = 0";
      return p.user
        ? "SMEP: CR4.SMEP = 1 and this is a user page"
        : "SMEP: CR4.SMEP = 1, but this is a supervisor page";
    case "SMAP":
      if (a.op === "fetch" || a.mode !== "supervisor")
        return "SMAP: applies to supervisor data accesses only";
      if (!m.smap) return "SMAP: CR4.SMAP = 0";
      if (!p.user) return "SMAP: CR4.SMAP = 1, but this is a supervisor page";
      return m.ac
        ? "SMAP: CR4.SMAP = 1 and a user page, but RFLAGS.AC = 1"
        : "SMAP: CR4.SMAP = 1, a user page, and RFLAGS.AC = 0";
    case "PK": {
      if (!m.pke) return "PKRU: CR4.PKE = 0, protection keys are off";
      if (a.op === "fetch") return "PKRU: protection keys do not apply to fetches";
      if (!p.user) return "PKRU: protection keys apply to user pages only";
      const k = p.protectionKey;
      const { accessDisable, writeDisable } = pkruBits(m.pkru, k);
      return `PKRU: the page has key ${k}; PKRU.AD${k} = ${accessDisable ? 1 : 0}, PKRU.WD${k} = ${writeDisable ? 1 : 0}${a.op === "write" && a.mode === "supervisor" ? `, CR0.WP = ${m.wp ? 1 : 0}` : ""}`;
    }
  }
}

const CAUSE_FIELD: Record<PermissionRule, string> = {
  US: "U/S = 0",
  RW: "R/W = 0",
  XD: "XD = 1",
  SMEP: "CR4.SMEP",
  SMAP: "CR4.SMAP",
  PK: "the protection key",
};

/** The step of a walk's `level`, if it read one there. */
const stepAt = (result: WalkResult, level: Level | null) =>
  level === null ? undefined : result.steps.find((s) => s.level === level);

/** The access check of a mapped translation: each rule with its facts, then the verdict and who decided. */
export function accessStep(result: WalkResult, permissions: EffectivePermissions): WalkStepView {
  const v = result.verdict;
  const leaf = result.steps[result.steps.length - 1];
  const deciding = v.ok ? -1 : (PERMISSION_RULES as readonly string[]).indexOf(v.cause);
  const lines = PERMISSION_RULES.map((rule, r) => {
    const status =
      v.ok || r < deciding ? "passes" : r === deciding ? "DENIED" : "not checked (already denied)";
    return `${ruleFacts(rule, result, permissions)} → ${status}.`;
  });
  let focus: StepFocus | null = leaf ? focusOf(leaf) : null;
  if (v.ok) {
    lines.push(
      `Allowed: no rule denies this ${describeAccess(result.access)}${leaf ? `; the leaf ${slotName(leaf)} gives the page` : ""}.`,
    );
  } else {
    const decider = stepAt(result, v.level);
    if (decider) focus = focusOf(decider);
    const rule = v.cause as PermissionRule;
    lines.push(
      `Denied by the ${v.level === null ? "access rules" : LEVEL_TABLE_NAMES[v.level]}${decider ? ` (${slotName(decider)}, ${CAUSE_FIELD[rule]})` : ""}: ${v.reason}`,
    );
  }
  return { kind: "access", title: `Check the ${describeAccess(result.access)}`, lines, bits: [], focus };
}

/** The exception: its reason, the #PF error code bit by bit and CR2, or #GP. */
export function faultStep(result: WalkResult): WalkStepView {
  const v = result.verdict;
  if (v.ok) throw new Error("faultStep: the access is allowed");
  if (v.exception === "#GP") {
    const top = vaBits(result.mode.levels);
    return {
      kind: "fault",
      title: "#GP: general-protection exception",
      lines: [v.reason, "#GP has no page-fault error code (it pushes 0) and leaves CR2 unchanged."],
      bits: v.cause === "canonical" ? [{ hi: 63, lo: top - 1 }] : [],
      focus: null,
    };
  }
  const decider = stepAt(result, v.level);
  // A table outside memory has no entry of its own: the entry that pointed there is the one to fix.
  const focusStep = decider ?? result.steps[result.steps.length - 1];
  const lines = [
    v.reason,
    `Error code ${describeErrorCode(v.errorCode)}:`,
    ...PF_BIT_NAMES.map((b) => {
      const set = ((v.errorCode >> b.bit) & 1) === 1;
      return `bit ${b.bit} ${b.name} = ${set ? 1 : 0}: ${set ? b.set : b.clear}.`;
    }),
    `CR2 = ${v.cr2 === null ? "unchanged" : hex(v.cr2)}, the address that faulted.`,
  ];
  const where = decider ? ` at ${slotName(decider)}` : "";
  return {
    kind: "fault",
    title: `#PF: page fault${where}`,
    lines,
    bits: decider ? [indexBits(decider.level)] : [],
    focus: focusStep ? focusOf(focusStep) : null,
  };
}
