/**
 * Worksheets: a list of exercises as text or Markdown to print (answer key at the end with
 * `answers`), or as JSON whose items carry their scenario (so `pagewalk translate --scenario` can
 * check them). Moodle XML and GIFT live in their own files.
 */
import { scenarioDocument } from "../scenario";
import { registersLine, tableLines } from "./machine-listing";
import type { Exercise } from "./exercise-types";
import { kindOfAccess } from "../arch";

export const WORKSHEET_FORMATS = ["text", "markdown", "json", "moodle-xml", "gift"] as const;
export type WorksheetFormat = (typeof WORKSHEET_FORMATS)[number];

/** `translate/normal/42`: names an exercise everywhere (worksheets, links, progress). */
export const exerciseId = (e: Pick<Exercise, "family" | "difficulty" | "seed">): string =>
  `${e.family}/${e.difficulty}/${e.seed}`;

/** Whether any right answer is accepted (checked by walking), not only the stated one. */
export const checkedByWalking = (e: Exercise): boolean => e.fields.some((f) => f.grading === "manual");

function answerLines(e: Exercise): string[] {
  const lines = e.fields.map((f) => `${f.label}: ${e.answer[f.name] ?? ""}`);
  if (checkedByWalking(e))
    lines.push("(One right answer; any answer that makes the walk right is right too.)");
  return lines;
}

export function textWorksheet(exercises: readonly Exercise[], answers: boolean): string {
  const out: string[] = [];
  exercises.forEach((e, k) => {
    out.push(`Exercise ${k + 1}: ${e.title} (${exerciseId(e)})`, "", e.question, "");
    out.push(`Registers: ${registersLine(e.scenario)}`, "Tables (non-zero entries):");
    for (const line of tableLines(e.scenario)) out.push(`  ${line}`);
    out.push("", "Answer:");
    for (const f of e.fields)
      out.push(
        `  ${f.label} (${f.hint}${f.choices ? `; one of ${f.choices.join(", ")}` : ""}): ____________`,
      );
    out.push("");
  });
  if (answers) {
    out.push("Answer key", "");
    exercises.forEach((e, k) => {
      out.push(`${k + 1}. ${exerciseId(e)}`);
      for (const line of answerLines(e)) out.push(`   ${line}`);
    });
    out.push("");
  }
  return out.join("\n");
}

/** Markdown: text is escaped where Markdown would read it as markup. */
const md = (text: string): string => text.replace(/([\\`*_[\]#<>|])/g, "\\$1");

export function markdownWorksheet(exercises: readonly Exercise[], answers: boolean): string {
  const out: string[] = ["# Pagewalk exercises", ""];
  exercises.forEach((e, k) => {
    out.push(`## Exercise ${k + 1}: ${md(e.title)}`, "", `\`${exerciseId(e)}\``, "", md(e.question), "");
    out.push(`Registers: ${md(registersLine(e.scenario))}`, "", "```text");
    out.push(...tableLines(e.scenario), "```", "");
    out.push("| Answer | How | |", "| --- | --- | --- |");
    for (const f of e.fields)
      out.push(
        `| ${md(f.label)} | ${md(f.hint)}${f.choices ? `; one of ${md(f.choices.join(", "))}` : ""} | |`,
      );
    out.push("");
  });
  if (answers) {
    out.push("## Answer key", "");
    exercises.forEach((e, k) => {
      out.push(`${k + 1}. \`${exerciseId(e)}\``);
      for (const line of answerLines(e)) out.push(`   - ${md(line)}`);
    });
    out.push("");
  }
  return out.join("\n");
}

/** One exercise as JSON data; `answers` adds the stated answer. */
export function exerciseJson(e: Exercise, answers: boolean): Record<string, unknown> {
  return {
    id: exerciseId(e),
    family: e.family,
    seed: e.seed,
    difficulty: e.difficulty,
    title: e.title,
    question: e.question,
    va: `0x${e.solution.va.toString(16)}`,
    access: kindOfAccess(e.solution.access),
    fields: e.fields.map((f) => ({ ...f })),
    ...(Object.keys(e.given).length ? { given: e.given } : {}),
    ...(answers ? { answers: e.answer, checkedByWalking: checkedByWalking(e) } : {}),
    scenario: scenarioDocument(e.scenario),
  };
}

/** A JSON array with one exercise per line (greppable; a thousand items stay quick to write). */
export function jsonWorksheet(exercises: readonly Exercise[], answers: boolean): string {
  if (exercises.length === 0) return "[]\n";
  return `[\n${exercises.map((e) => JSON.stringify(exerciseJson(e, answers))).join(",\n")}\n]\n`;
}
