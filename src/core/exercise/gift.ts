/**
 * Exercises in GIFT (docs.moodle.org "GIFT format"): one question per answer field, since GIFT
 * has no embedded answers. A numeric field is `{#20}`, a choice `{=PT ~PD ~PDPT ~PML4}`, a short
 * answer `{=0x5 =5}`, and a field checked by walking an essay `{}` (graded by hand). Every
 * special character of GIFT (`~ = # { } :` and the backslash) is escaped with a backslash.
 */
import type { AnswerField, Exercise } from "./exercise-types";
import { registersLine, tableLines } from "./machine-listing";
import { answerVariants } from "./moodle-xml";
import { checkedByWalking, exerciseId } from "./worksheet";

/** Escapes GIFT's special characters; newlines become spaces (a blank line would end the question). */
export const giftEscape = (text: string): string =>
  text.replace(/([\\~=#{}:])/g, "\\$1").replace(/\s*\n\s*/g, " ");

function answerBlock(e: Exercise, f: AnswerField): string {
  const value = e.answer[f.name] ?? "";
  if (checkedByWalking(e)) return "{}";
  if (f.grading === "numeric") return `{#${value}}`;
  if (f.choices)
    return `{=${giftEscape(value)} ${f.choices
      .filter((c) => c !== value)
      .map((c) => `~${giftEscape(c)}`)
      .join(" ")}}`;
  return `{${answerVariants(value)
    .map((v) => `=${giftEscape(v)}`)
    .join(" ")}}`;
}

function questionText(e: Exercise): string {
  // One line: a blank line ends a GIFT question, so the parts are joined with dashes.
  return [
    e.question,
    `Registers: ${registersLine(e.scenario)}.`,
    "Tables (non-zero entries):",
    ...tableLines(e.scenario),
  ]
    .map(giftEscape)
    .join(" — ");
}

export function gift(exercises: readonly Exercise[]): string {
  const out: string[] = [`$CATEGORY: $course$/top/Pagewalk`, ""];
  for (const e of exercises) {
    const fields = checkedByWalking(e) ? [undefined] : e.fields;
    for (const f of fields) {
      const name = f ? `${exerciseId(e)} ${f.label}` : exerciseId(e);
      const ask = f
        ? ` ${giftEscape(`${f.label} (${f.hint})?`)}`
        : ` ${giftEscape(`Answer as: ${e.fields.map((x) => `${x.label} (${x.hint})`).join("; ")}.`)}`;
      out.push(`// ${exerciseId(e)}`);
      out.push(`::${giftEscape(name)}::[plain]${questionText(e)}${ask} ${f ? answerBlock(e, f) : "{}"}`, "");
    }
  }
  return out.join("\n");
}
