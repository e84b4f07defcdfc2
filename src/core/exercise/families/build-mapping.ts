/**
 * Family 6: build a mapping — write the entries that map a VA to a PA with given permissions
 * (SDM §4.5, Tables 4-15 to 4-20). The upper tables exist; the learner writes the missing entries
 * top-down: pointers into the zeroed frames the exercise hands out, then the leaf. Checked by
 * writing the typed values into a copy of the machine and walking: the page must map to the PA,
 * with the asked page size and exactly the asked rights. Easy: the PTE of a 4 KiB page; normal:
 * PDE and PTE, or a 2 MiB PDE; hard: from the PDPTE down, or a 1 GiB PDPTE.
 */
import {
  ENTRY_P,
  ENTRY_RW,
  ENTRY_US,
  LEVEL_ENTRY_NAMES,
  LEVEL_TABLE_NAMES,
  PAGE_1G,
  PAGE_2M,
  PAGE_4K,
  decodeEntry,
  encodeEntry,
  indexAt,
  indexLowBit,
  levelOfPageSize,
  pageSizeName,
  type Level,
  type PageSize,
  type VirtAddr,
} from "../../arch";
import { walk } from "../../walk";
import { ExerciseMachine, randomFrame, randomPageVa } from "../exercise-machine";
import { levelOfName, paText, parseAnswerNumber, vaText } from "../exercise-text";
import { machineOf } from "../exercise-walk";
import type { AnswerField, Answers, Difficulty, Exercise, ExerciseCheck, Family } from "../exercise-types";
import type { Prng } from "../prng";

/** The shapes per difficulty: the page size and the first level that is missing. */
const SHAPES: Record<Difficulty, readonly { size: PageSize; missing: Level }[]> = {
  easy: [{ size: PAGE_4K, missing: 1 }],
  normal: [
    { size: PAGE_4K, missing: 2 },
    { size: PAGE_2M, missing: 2 },
  ],
  hard: [
    { size: PAGE_4K, missing: 3 },
    { size: PAGE_2M, missing: 3 },
    { size: PAGE_1G, missing: 3 },
  ],
};

interface Rights {
  readonly user: boolean;
  readonly writable: boolean;
  readonly exec: boolean;
}

function rightsText(r: Rights): string {
  return `${r.user ? "user-accessible" : "supervisor-only"}, ${r.writable ? "writable" : "read-only"} and ${r.exec ? "executable" : "not executable"}`;
}

const fieldName = (level: Level): string => LEVEL_ENTRY_NAMES[level].toLowerCase();

/** What the question fixes: where each entry to write lives. */
interface Plan {
  readonly va: VirtAddr;
  readonly pa: number;
  readonly size: PageSize;
  readonly rights: Rights;
  /** Levels to write, top first, each with the table it lives in. */
  readonly slots: readonly { readonly level: Level; readonly table: number; readonly index: number }[];
}

/**
 * The plan, as the exercise states it in `given`: `pa` (hex), `pageSize` (bytes), `rights` (the
 * words of the question) and `entries`, the entries to write top first, as `PDE@0xecd50`.
 */
function planOf(exercise: Exercise): Plan {
  const g = exercise.given;
  const rights = g["rights"] ?? "";
  return {
    va: exercise.solution.va,
    pa: Number(g["pa"]),
    size: Number(g["pageSize"]) as PageSize,
    rights: {
      user: rights.startsWith("user"),
      writable: !rights.includes("read-only"),
      exec: !rights.includes("not executable"),
    },
    slots: (g["entries"] ?? "").split(" ").map((item) => {
      const [name, at] = item.split("@") as [string, string];
      const entryAddr = Number(at);
      return {
        level: levelOfName(name) as Level,
        table: entryAddr - (entryAddr % 4096),
        index: (entryAddr % 4096) / 8,
      };
    }),
  };
}

function mapNeighbour(machine: ExerciseMachine, rng: Prng, va: VirtAddr, missing: Level): void {
  // A 4 KiB page in the same region one level up, under another index at `missing`: it builds the
  // tables above `missing` and leaves the entry at `missing` for our VA empty.
  const shift = BigInt(indexLowBit(missing));
  const index = BigInt(indexAt(va, missing));
  const other = (index + 1n + BigInt(rng.int(510))) % 512n;
  const base = va & ~((1n << (shift + 9n)) - 1n);
  const low = BigInt(rng.int(512)) << 12n;
  const neighbour = (base | (other << shift) | (missing > 1 ? low : 0n)) as VirtAddr;
  machine.map(neighbour, randomFrame(rng, PAGE_4K), PAGE_4K, {
    present: true,
    writable: rng.chance(50),
    user: rng.chance(50),
  });
}

export const buildMapping: Family = {
  name: "build-mapping",
  title: "Build a mapping",
  summary: "Write the raw entries that map a VA to a PA with given permissions.",
  generate(rng, difficulty) {
    const { size, missing } = rng.pick(SHAPES[difficulty]);
    const machine = new ExerciseMachine(rng);
    const va = randomPageVa(rng, 4, size);
    const pa = randomFrame(rng, size);
    const rights: Rights = { user: rng.chance(50), writable: rng.chance(50), exec: rng.chance(50) };
    mapNeighbour(machine, rng, va, missing);
    const leafLevel = levelOfPageSize(size);
    const probe = machine.walk(va, { op: "read", mode: "supervisor" });
    const first = probe.steps[probe.steps.length - 1];
    if (!first || first.level !== missing) throw new Error("build-mapping exercise: unexpected tables");
    const slots: { level: Level; table: number; index: number }[] = [
      { level: missing, table: first.tableAddr, index: first.index },
    ];
    for (let level = (missing - 1) as Level; level >= leafLevel; level = (level - 1) as Level) {
      const frame = machine.alloc.alloc(machine.ram);
      if (!frame.ok) throw new Error(`build-mapping exercise: ${frame.error.message}`);
      slots.push({ level, table: frame.value, index: indexAt(va, level) });
    }
    // The stated answer: pointers that let the leaf decide (P, R/W, U/S), then the leaf.
    const answer: Record<string, string> = {};
    slots.forEach((slot, k) => {
      const next = slots[k + 1];
      const value = next
        ? BigInt(next.table) | BigInt(ENTRY_P | ENTRY_RW | ENTRY_US)
        : encodeEntry(
            slot.level,
            pa,
            { present: true, writable: rights.writable, user: rights.user, executeDisable: !rights.exec },
            true,
          );
      answer[fieldName(slot.level)] = `0x${value.toString(16)}`;
    });
    const title = "Build a mapping";
    const frames = slots.slice(1).map((s) => `${paText(s.table)} for the new ${LEVEL_TABLE_NAMES[s.level]}`);
    const question =
      `CR3 = ${paText(machine.regs.cr3)}. Map the ${pageSizeName(size)} page at VA ${vaText(va)} to the physical frame ${paText(pa)} ` +
      `so that it is ${rightsText(rights)}. ` +
      (frames.length ? `The zeroed frames ${frames.join(" and ")} are yours to use. ` : "") +
      `Give the raw value of each entry to write: ${slots.map((s) => `${LEVEL_ENTRY_NAMES[s.level]} = ${LEVEL_TABLE_NAMES[s.level]}[${s.index}] at ${paText(s.table + s.index * 8)}`).join(", ")}.`;
    const scenario = machine.scenario(
      { va: 0n as VirtAddr, access: { op: "read", mode: "supervisor" } },
      { title, description: question },
    );
    for (const slot of slots)
      machine.ram.writeEntry(slot.table + slot.index * 8, BigInt(answer[fieldName(slot.level)] as string));
    const access = {
      op: rights.exec ? "fetch" : rights.writable ? "write" : "read",
      mode: rights.user ? "user" : "supervisor",
    } as const;
    const solution = machine.scenario({ va, access, step: 1 }, { title, description: question });
    const fields: AnswerField[] = slots.map((s) => ({
      name: fieldName(s.level),
      label: `${LEVEL_ENTRY_NAMES[s.level]} (${LEVEL_TABLE_NAMES[s.level]}[${s.index}] at ${paText(s.table + s.index * 8)})`,
      hint: "raw 64-bit value, hex",
      grading: "manual",
    }));
    const given = {
      pa: paText(pa),
      pageSize: String(size),
      rights: rightsText(rights),
      entries: slots.map((s) => `${LEVEL_ENTRY_NAMES[s.level]}@${paText(s.table + s.index * 8)}`).join(" "),
    };
    return { title, question, scenario, fields, given, answer, solution };
  },
  check: checkBuild,
};

function checkBuild(exercise: Exercise, answers: Answers): ExerciseCheck {
  const plan = planOf(exercise);
  const base = machineOf(exercise.scenario);
  const ram = base.ram.fork();
  const leafLevel = levelOfPageSize(plan.size);
  for (let k = 0; k < plan.slots.length; k++) {
    const slot = plan.slots[k] as Plan["slots"][number];
    const name = LEVEL_ENTRY_NAMES[slot.level];
    const typed = (answers[fieldName(slot.level)] ?? "").trim();
    if (typed === "") return wrong(`${name}: give its raw value in hex, e.g. 0x5007.`);
    const parsed = parseAnswerNumber(typed, "hex");
    if (!parsed.ok) return wrong(`${name}: ${parsed.error.message}`);
    const value = parsed.value;
    const e = decodeEntry(value, slot.level);
    if (!e.present)
      return wrong(`${name}: P (bit 0) is 0, so the entry is not present and the walk stops there.`);
    const next = plan.slots[k + 1];
    if (next) {
      if (e.kind === "leaf")
        return wrong(
          `${name}: PS (bit 7) = 1 makes it map a ${pageSizeName(e.pageSize as PageSize)} page itself; it must point to the new ${LEVEL_TABLE_NAMES[next.level]} (PS = 0).`,
        );
      if (e.address !== next.table)
        return wrong(
          `${name}: it points to ${paText(e.address)}, but the new ${LEVEL_TABLE_NAMES[next.level]} is the zeroed frame at ${paText(next.table)} (bits 51:12).`,
        );
    } else if (slot.level > 1 && e.kind !== "leaf") {
      return wrong(
        `${name}: PS (bit 7) = 0 makes it point to a table; a ${pageSizeName(plan.size)} page needs PS = 1.`,
      );
    }
    ram.writeEntry(slot.table + slot.index * 8, value);
  }
  const result = walk(ram, base.regs, plan.va, { op: "read", mode: "supervisor" });
  const t = result.translation;
  if (t.kind !== "mapped" || !result.verdict.ok)
    return wrong(
      result.verdict.ok ? "The VA does not map to a page." : `The walk faults: ${result.verdict.reason}`,
    );
  const feedback: string[] = [];
  const leafName = LEVEL_ENTRY_NAMES[leafLevel];
  if (t.pa !== plan.pa)
    feedback.push(
      `${leafName}: its address field (bits 51:${Math.log2(plan.size)}) gives the frame ${paText(t.pa)}; the page must be at ${paText(plan.pa)}.`,
    );
  const p = t.permissions;
  // `deny`: the field's value that takes the right away; `allow`: the value that grants it.
  const rightsWrong = (
    has: boolean,
    want: boolean,
    deny: string,
    allow: string,
    yes: string,
    no: string,
    limitedBy: Level | null,
  ): void => {
    if (has === want) return;
    feedback.push(
      want
        ? `The page should be ${yes}, but the ${limitedBy ? LEVEL_ENTRY_NAMES[limitedBy] : "walk"} has ${deny}.`
        : `The page should be ${no}, but ${allow} at every level makes it ${yes}: set ${deny} in the ${leafName}.`,
    );
  };
  rightsWrong(
    p.user,
    plan.rights.user,
    "U/S = 0",
    "U/S = 1",
    "user-accessible",
    "supervisor-only",
    p.userLimitedBy,
  );
  rightsWrong(
    p.writable,
    plan.rights.writable,
    "R/W = 0",
    "R/W = 1",
    "writable",
    "read-only",
    p.writableLimitedBy,
  );
  rightsWrong(
    !p.executeDisable,
    plan.rights.exec,
    "XD = 1",
    "XD = 0",
    "executable",
    "not executable",
    p.executeDisabledBy,
  );
  return { correct: feedback.length === 0, feedback };
}

const wrong = (message: string): ExerciseCheck => ({ correct: false, feedback: [message] });
