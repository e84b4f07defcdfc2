/**
 * `pagewalk exercise` run in-process: worksheets, answer keys, bad options, JSON items checked by
 * `pagewalk translate --scenario` on their own scenario, Moodle XML read back by a strict XML
 * reader and checked against Moodle's question structure, and GIFT's escaping.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AccessKind } from "../core/arch";
import { FAMILY_NAMES, generateExercise, giftEscape } from "../core/exercise";
import { child, parseXml, type XmlElement } from "../core/exercise/__fixtures__/xml-parse";
import { main } from "./cli";
import type { TranslateJson } from "./output";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(...argv: string[]): Run {
  let stdout = "";
  let stderr = "";
  const code = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

interface Item {
  id: string;
  family: string;
  seed: number;
  va: string;
  access: AccessKind;
  answers?: Record<string, string>;
  scenario: unknown;
}

const dir = mkdtempSync(join(tmpdir(), "pagewalk-exercise-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("pagewalk exercise", () => {
  it("prints the same worksheet for the same seed, another for another seed, and the key with --answers", () => {
    const a = run("exercise", "--family", "translate", "--seed", "42", "--count", "3");
    expect(a.code).toBe(0);
    expect(a.stderr).toBe("");
    expect(a.stdout).toBe(run("exercise", "--family", "translate", "--seed", "42", "--count", "3").stdout);
    expect(a.stdout).not.toBe(
      run("exercise", "--family", "translate", "--seed", "43", "--count", "3").stdout,
    );
    expect(a.stdout).toContain("Exercise 3: Translate a virtual address (translate/normal/44)");
    expect(a.stdout).not.toContain("Answer key");
    const keyed = run(
      "exercise",
      "--family",
      "translate",
      "--seed",
      "42",
      "--count",
      "3",
      "--answers",
    ).stdout;
    const stated = generateExercise("translate", 43, "normal").answer.pa as string;
    expect(keyed).toContain("Answer key");
    expect(keyed).toContain(`2. translate/normal/43\n   Physical address: ${stated}`);
  });

  it("prints every family in every format", () => {
    for (const family of FAMILY_NAMES)
      for (const format of ["text", "markdown", "json", "moodle-xml", "gift"])
        for (const difficulty of ["easy", "normal", "hard"]) {
          const r = run(
            "exercise",
            "--family",
            family,
            "--seed",
            "7",
            "--difficulty",
            difficulty,
            "--format",
            format,
          );
          expect(r.code, `${family} ${format}`).toBe(0);
          expect(r.stdout.length).toBeGreaterThan(100);
        }
  });

  it.each([
    [["--seed", "1"], /--family is required \(one of: split-va, translate/],
    [["--family", "walk", "--seed", "1"], /unknown family "walk" \(families: split-va/],
    [["--family", "translate"], /--seed is required/],
    [["--family", "translate", "--seed", "-1"], /--seed must be a decimal number, got "-1"/],
    [["--family", "translate", "--seed", "4294967296"], /--seed must be 0-4294967295/],
    [["--family", "translate", "--seed", "1", "--count", "0"], /--count must be 1-10000, got 0/],
    [["--family", "translate", "--seed", "1", "--difficulty", "medium"], /unknown difficulty "medium"/],
    [
      ["--family", "translate", "--seed", "1", "--format", "pdf"],
      /unknown format "pdf" \(one of: text, markdown/,
    ],
    [["--family", "translate", "--seed", "1", "0x1000"], /unexpected argument "0x1000"/],
  ])("refuses %j with a specific message", (args, message) => {
    const r = run("exercise", ...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });

  it("JSON items carry their scenario: pagewalk translate --scenario confirms each stated answer", () => {
    const check = (family: "translate" | "error-code", count: number): void => {
      const r = run(
        "exercise",
        "--family",
        family,
        "--seed",
        "900",
        "--count",
        String(count),
        "--format",
        "json",
        "--answers",
      );
      expect(r.code).toBe(0);
      const items = JSON.parse(r.stdout) as Item[];
      expect(items).toHaveLength(count);
      for (const item of items) {
        const file = join(dir, `${item.id.replace(/\//g, "-")}.json`);
        writeFileSync(file, JSON.stringify(item.scenario));
        const walked = run("translate", "--scenario", file, "--json", item.va);
        expect(walked.stderr).toBe("");
        const [t] = JSON.parse(walked.stdout) as TranslateJson[];
        const verdict = t!.access[item.access];
        if (family === "translate") {
          expect(item.answers!.pa).toBe(verdict.ok ? t!.pa : "fault");
        } else {
          expect(verdict.ok).toBe(false);
          expect(verdict.ok ? "" : Number(verdict.errorCode)).toBe(Number(item.answers!.errorCode));
        }
      }
    };
    check("translate", 30);
    check("error-code", 15);
    const bare = JSON.parse(
      run("exercise", "--family", "translate", "--seed", "1", "--format", "json").stdout,
    ) as Item[];
    expect(bare[0]!.answers).toBeUndefined();
  });

  it("writes Moodle XML that has Moodle's question structure", () => {
    const types = new Set<string>();
    for (const family of FAMILY_NAMES) {
      const r = run("exercise", "--family", family, "--seed", "3", "--count", "2", "--format", "moodle-xml");
      const quiz = parseXml(r.stdout);
      expect(quiz.name).toBe("quiz");
      const [category, ...questions] = quiz.children;
      expect(category!.attributes.type).toBe("category");
      expect(child(child(category!, "category")!, "text")!.text).toMatch(/^\$course\$\/top\/Pagewalk\//);
      expect(questions).toHaveLength(2);
      for (const q of questions) checkQuestion(q, types);
    }
    expect([...types].sort()).toEqual(["cloze", "essay", "shortanswer"]);
  });

  it("GIFT escapes ~ = # { } : and the backslash, and each question is one well-formed line", () => {
    expect(giftEscape("a~b=c#d{e}f:g\\h")).toBe("a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h");
    for (const family of FAMILY_NAMES) {
      const r = run(
        "exercise",
        "--family",
        family,
        "--seed",
        "5",
        "--count",
        "2",
        "--format",
        "gift",
        "--difficulty",
        "hard",
      );
      const questions = r.stdout.split("\n").filter((line) => line.startsWith("::"));
      expect(questions.length).toBeGreaterThanOrEqual(2);
      for (const line of questions) {
        // With escapes removed, a question is ::title::[plain]text {answers}, no special character loose.
        const plain = line.replace(/\\[\\~=#{}:]/g, "_");
        expect(plain, line).toMatch(/^::[^:{}]+::\[plain\][^~=#{}:\\]+ \{([^{}]*)\}$/);
      }
    }
  });
});

function checkQuestion(q: XmlElement, types: Set<string>): void {
  const type = q.attributes.type as string;
  types.add(type);
  expect(["numerical", "shortanswer", "cloze", "essay"]).toContain(type);
  expect(child(child(q, "name")!, "text")!.text).toMatch(/\(([a-z-]+)\/(easy|normal|hard)\/\d+\)$/);
  const questiontext = child(q, "questiontext")!;
  expect(questiontext.attributes.format).toBe("html");
  const html = child(questiontext, "text")!.text;
  expect(html).toMatch(/^<p>/);
  if (type === "cloze") {
    const blanks = html.match(/\{1:(NUMERICAL|SHORTANSWER|MULTICHOICE):=[^}]*\}/g) ?? [];
    expect(blanks.length).toBeGreaterThanOrEqual(2);
    // No brace outside an embedded answer: the question's own text escapes them.
    expect(html.replace(/\{1:[A-Z]+:[^}]*\}/g, "")).not.toMatch(/[{}]/);
  }
  if (type === "shortanswer" || type === "numerical") {
    const answers = q.children.filter((c) => c.name === "answer");
    expect(answers.length).toBeGreaterThanOrEqual(1);
    for (const a of answers) {
      expect(a.attributes.fraction).toBe("100");
      expect(child(a, "text")!.text).not.toBe("");
    }
    if (type === "numerical") expect(child(answers[0]!, "tolerance")!.text).toBe("0");
  }
  if (type === "essay") {
    expect(child(q, "responseformat")!.text).toBe("plain");
    expect(child(child(q, "graderinfo")!, "text")!.text).toContain("One right answer");
  }
}
