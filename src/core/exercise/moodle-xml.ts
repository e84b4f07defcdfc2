/**
 * Exercises as a Moodle XML question file (docs.moodle.org "Moodle XML format"): a category, then
 * one question per exercise. One numeric field → `numerical`; one short-answer field →
 * `shortanswer`; several → `cloze` (embedded answers, `{1:NUMERICAL:=20:0}`,
 * `{1:SHORTANSWER:=0x5}`, `{1:MULTICHOICE:=PT~PD}`); families checked by walking (any right
 * answer is right) → `essay`, graded by hand with the answer key in the grader information. The
 * answers are always included: Moodle grades with them, and students never see the file.
 */
import type { AnswerField, Exercise } from "./exercise-types";
import { registersLine, tableLines } from "./machine-listing";
import { checkedByWalking, exerciseId } from "./worksheet";

const xml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** HTML for the question text; braces as entities so that cloze never reads them as answers. */
const html = (text: string): string => xml(text).replace(/\{/g, "&#123;").replace(/\}/g, "&#125;");

/** The accepted spellings of an answer: hex with and without 0x, "A D" as "AD". */
export function answerVariants(value: string): string[] {
  const variants = [value];
  if (/^0x[0-9a-f]+$/i.test(value)) variants.push(value.slice(2));
  if (value === "A D") variants.push("AD");
  if (value === "none") variants.push("-");
  return variants;
}

/** Escapes a cloze answer's special characters (`} # ~ / " \`). */
const clozeText = (text: string): string => text.replace(/([}#~/"\\])/g, "\\$1");

function clozeField(f: AnswerField, value: string): string {
  if (f.choices) {
    const others = f.choices.filter((c) => c !== value).map(clozeText);
    return `{1:MULTICHOICE:=${clozeText(value)}~${others.join("~")}}`;
  }
  if (f.grading === "numeric") return `{1:NUMERICAL:=${value}:0}`;
  return `{1:SHORTANSWER:${answerVariants(value)
    .map((v) => `=${clozeText(v)}`)
    .join("~")}}`;
}

function questionHtml(e: Exercise): string {
  return (
    `<p>${html(e.question)}</p>` +
    `<p>Registers: ${html(registersLine(e.scenario))}</p>` +
    `<p>Tables (non-zero entries):</p><pre>${html(tableLines(e.scenario).join("\n"))}</pre>`
  );
}

const text = (tag: string, content: string, format = ""): string =>
  `    <${tag}${format ? ` format="${format}"` : ""}><text>${content}</text></${tag}>`;

function question(e: Exercise): string {
  const lines: string[] = [];
  const head = (type: string): void => {
    lines.push(`  <question type="${type}">`);
    lines.push(text("name", xml(`${e.title} (${exerciseId(e)})`)));
  };
  const common = (body: string): void => {
    lines.push(text("questiontext", xml(body), "html"));
    lines.push(text("generalfeedback", "", "html"));
    lines.push(
      "    <defaultgrade>1</defaultgrade>",
      "    <penalty>0.3333333</penalty>",
      "    <hidden>0</hidden>",
    );
    lines.push(`    <idnumber>${xml(exerciseId(e))}</idnumber>`);
  };
  const only = e.fields.length === 1 ? e.fields[0] : undefined;
  if (checkedByWalking(e)) {
    head("essay");
    common(
      questionHtml(e) +
        `<p>Answer as: ${e.fields.map((f) => `${html(f.label)} (${html(f.hint)})`).join("; ")}.</p>`,
    );
    const key = e.fields.map((f) => `${f.label}: ${e.answer[f.name] ?? ""}`).join("\n");
    lines.push("    <responseformat>plain</responseformat>", "    <responserequired>1</responserequired>");
    lines.push("    <responsefieldlines>5</responsefieldlines>", "    <attachments>0</attachments>");
    lines.push(
      text(
        "graderinfo",
        xml(`<p>One right answer (check others by walking them in Pagewalk):</p><pre>${xml(key)}</pre>`),
        "html",
      ),
    );
    lines.push(text("responsetemplate", "", "html"));
  } else if (only && only.grading === "numeric") {
    head("numerical");
    common(questionHtml(e) + `<p>${html(only.label)} (${html(only.hint)})</p>`);
    lines.push(
      `    <answer fraction="100"><text>${xml(e.answer[only.name] ?? "")}</text><tolerance>0</tolerance>`,
    );
    lines.push(`      <feedback format="html"><text></text></feedback></answer>`);
  } else if (only && !only.choices) {
    head("shortanswer");
    common(questionHtml(e) + `<p>${html(only.label)} (${html(only.hint)})</p>`);
    lines.push("    <usecase>0</usecase>");
    for (const v of answerVariants(e.answer[only.name] ?? ""))
      lines.push(
        `    <answer fraction="100" format="moodle_auto_format"><text>${xml(v)}</text><feedback format="html"><text></text></feedback></answer>`,
      );
  } else {
    head("cloze");
    const blanks = e.fields
      .map((f) => `<p>${html(f.label)} (${html(f.hint)}): ${clozeField(f, e.answer[f.name] ?? "")}</p>`)
      .join("");
    // The embedded answers are the only braces left unescaped in the text.
    lines.push(text("questiontext", xml(questionHtml(e) + blanks), "html"));
    lines.push(text("generalfeedback", "", "html"));
    lines.push("    <penalty>0.3333333</penalty>", "    <hidden>0</hidden>");
    lines.push(`    <idnumber>${xml(exerciseId(e))}</idnumber>`);
  }
  lines.push("  </question>");
  return lines.join("\n");
}

export function moodleXml(exercises: readonly Exercise[]): string {
  const families = [...new Set(exercises.map((e) => e.family))].join(", ");
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    "<quiz>",
    '  <question type="category">',
    `    <category><text>$course$/top/Pagewalk/${xml(families)}</text></category>`,
    "  </question>",
    ...exercises.map(question),
    "</quiz>",
    "",
  ].join("\n");
}
