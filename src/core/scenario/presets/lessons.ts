/**
 * The shipped lessons, each built on one of the examples (same machine, names and bookmarks): how
 * a walk works, huge pages, recursive mapping, two processes sharing the kernel half, and the fault
 * gallery as "why does this fault?". A step's machine change is computed from the example's own
 * tables (the leaf a walk reaches), so a lesson cannot drift from the example it is built on.
 */
import {
  accessOfKind,
  describeAccess,
  formatVirtAddr,
  type Access,
  type AccessKind,
  type PhysAddr,
  type VirtAddr,
} from "../../arch";
import { walk } from "../../walk";
import type { Lesson, LessonStep, LessonWrite } from "../lesson";
import { machineFromScenario } from "../scenario-machine";
import type { RegisterOverrides, ScenarioState } from "../scenario-state";
import { PS, RW, US } from "./builder";
import { faultGallery } from "./fault-gallery";
import { identity2m } from "./identity-2m";
import { recursive } from "./recursive";
import { twoProcesses } from "./two-processes";
import type { Preset } from "./types";
import { workedExample } from "./worked-example";

/** A lesson preset: the example's machine and bookmarks with a lesson title, summary and steps. */
function lessonPreset(
  base: Preset,
  id: string,
  title: string,
  description: string,
  steps: (state: ScenarioState) => LessonStep[],
): Preset {
  const build = base.build;
  if (!build) throw new Error(`lesson ${id}: its example ${base.id} is not built in code`);
  // The steps are worked out from the example's tables the first time the lesson is read, not when
  // the module loads: building the five examples and walking them cost ~40 ms of every page load.
  let lesson: Lesson | null = null;
  const lessonOnce = (): Lesson => (lesson ??= { steps: steps(build()) });
  const meta = { ...base.meta, title, description } as Preset["meta"] & { readonly lesson: Lesson };
  Object.defineProperty(meta, "lesson", { enumerable: true, get: lessonOnce });
  return { ...base, id, meta, build: () => ({ ...build(), title, description, lesson: lessonOnce() }) };
}

const view = (va: bigint, access: AccessKind, rest: Omit<LessonStep, "va" | "access" | "text"> = {}) => ({
  va: va as VirtAddr,
  access: accessOfKind(access),
  ...rest,
});

/** The write that changes the entry deciding the walk of `va` (its leaf, or the entry at `level`). */
function changeEntry(
  state: ScenarioState,
  va: bigint,
  level: number | "leaf",
  change: (value: bigint) => bigint,
  registers?: RegisterOverrides,
): LessonWrite {
  const machine = machineFromScenario(state);
  const regs = registers ? { ...machine.regs, ...registers } : machine.regs;
  const result = walk(machine.ram, regs, va as VirtAddr, accessOfKind("supRead"));
  const step =
    level === "leaf" ? result.steps[result.steps.length - 1] : result.steps.find((s) => s.level === level);
  if (!step) throw new Error(`no entry at level ${level} on the walk of ${va.toString(16)}`);
  const frame = step.entryAddr - (step.entryAddr % 4096);
  return { frame, index: (step.entryAddr % 4096) / 8, value: change(step.raw) };
}

const WALK_VA = 0x80_3fe7_f5cen;

export const walkLesson = lessonPreset(
  workedExample,
  "lesson-walk",
  "Lesson: how a walk works",
  "Follow the worked example of Writing an OS in Rust one read at a time, from CR3 to the byte in RAM. Then a write faults on the read-only page, until the lesson sets R/W in its PT entry.",
  (state) => [
    {
      text: "**How a walk works.** To translate VA `0x803fe7f5ce` the CPU first cuts it into four 9-bit indices and a 12-bit offset: PML4 index 1, PDPT 0, PD 511, PT 127 and offset `0x5ce`.",
      ...view(WALK_VA, "supRead", { step: 1 }),
    },
    {
      text: "CR3 holds the PML4's address, `0x1000`. The CPU reads entry 1 at `0x1000 + 1 × 8 = 0x1008`: it is present, and its address field names the next table, the PDPT at `0x4000`.",
      step: 2,
      selection: { table: { addr: 0x1000 as PhysAddr, level: 4 }, entryIndex: 1 },
    },
    {
      text: "The same happens at the PDPT (entry 0) and the PD (entry 511). At the PT, entry 127 is the **leaf**: its address field is the page frame `0x3000`.",
      step: 5,
      selection: { table: { addr: 0x8000 as PhysAddr, level: 1 }, entryIndex: 127 },
    },
    {
      text: "The physical address is the frame plus the offset: `0x3000 + 0x5ce = 0x35ce`. The access check comes last: a supervisor read needs neither R/W nor U/S, so it goes through.",
      step: 6,
    },
    {
      text: "**Now a write.** The same VA, written by the kernel, faults: PT[127] has R/W = 0 and CR0.WP = 1, so the CPU raises #PF with error code `0x3` (P | W) and puts the VA in CR2.",
      ...view(WALK_VA, "supWrite"),
    },
    {
      text: "**The machine changes:** R/W is now set in PT[127]. Every level allows writing, so the write goes through to PA `0x35ce`.",
      writes: [changeEntry(state, WALK_VA, "leaf", (v) => v | RW)],
    },
  ],
);

export const hugePagesLesson = lessonPreset(
  identity2m,
  "lesson-huge-pages",
  "Lesson: huge pages",
  "A PD entry with PS = 1 maps a whole 2 MiB page, so the walk stops one level early and the offset takes 21 bits. Clearing PS turns the same entry into a pointer to a page table.",
  (state) => [
    {
      text: "**Huge pages.** This machine maps its first GiB with 2 MiB pages. Walk `0xb8000`, the VGA text buffer: PML4[0] → PDPT[0] → PD[0], and no PT at all.",
      ...view(0xb8000n, "supRead"),
    },
    {
      text: "PD[0] has **PS = 1**: it is a leaf. The CPU stops at the PD, and its address field is a 2 MiB frame (here `0x0`).",
      step: 4,
      selection: { table: { addr: 0x3000 as PhysAddr, level: 2 }, entryIndex: 0 },
    },
    {
      text: "With a 2 MiB page the offset is the low **21** bits. `0x12345678` falls in PD[145], whose page starts at `0x12200000`; the offset `0x145678` makes PA `0x12345678`.",
      ...view(0x1234_5678n, "supWrite"),
    },
    {
      text: "**The machine changes:** PS is now clear in PD[0]. The same entry is read as a pointer to a page table at `0x0`; that frame is all zeros, so PT[184] is not present and the read of `0xb8000` faults (#PF, error code 0).",
      ...view(0xb8000n, "supRead"),
      writes: [changeEntry(state, 0xb8000n, 2, (v) => v & ~PS)],
    },
    {
      text: "Past 1 GiB nothing is mapped: PDPT[1] is empty, so the walk of `0x40000000` stops at the PDPT (#PF, not present).",
      ...view(0x4000_0000n, "supRead"),
    },
  ],
);

const R = 510n;
const PML4_SELF_VA = 0xffff_0000_0000_0000n | (R << 39n) | (R << 30n) | (R << 21n) | (R << 12n);

export const recursiveLesson = lessonPreset(
  recursive,
  "lesson-recursive",
  "Lesson: recursive mapping",
  "Entry 510 of the PML4 points back to the PML4, so the page tables themselves appear as pages at fixed VAs. Follow the same walk through one level less of real tables each time.",
  (state) => [
    ...recursive.meta.bookmarks.slice(0, 4).map((b, k) => ({
      text: (k === 0 ? "**Recursive mapping.** " : "") + (b.note ?? ""),
      va: b.va,
      access: b.access,
      ...(k === 1
        ? { selection: { table: { addr: 0x1000 as PhysAddr, level: 4 as const }, entryIndex: 510 } }
        : {}),
    })),
    {
      text: "User code cannot see the tables: PML4[510] has U/S = 0, and a walk through slot 510 reads that entry at every level, so a user read of the PML4's own VA faults (#PF `0x5`).",
      ...view(PML4_SELF_VA, "userRead"),
    },
    {
      text: "**The machine changes:** U/S is now set in PML4[510]. Every level of this walk reads that one entry, so the user read goes through: user code can read (and with R/W, rewrite) its own page tables. This is why the recursive slot stays supervisor-only.",
      writes: [changeEntry(state, PML4_SELF_VA, 4, (v) => v | US)],
    },
  ],
);

const KERNEL_VA = 0xffff_ffff_8000_1234n;
const B = { cr3: 0x4000 };

export const twoProcessesLesson = lessonPreset(
  twoProcesses,
  "lesson-two-processes",
  "Lesson: two processes sharing the kernel half",
  "Each process has its own PML4, but both point their upper half to the same kernel tables. A change to a shared table is seen by every process at once.",
  (state) => [
    {
      text: "**Two processes.** In process A (CR3 `0x1000`), user VA `0x400000` is the frame `0x600000`.",
      ...view(0x40_0000n, "userRead"),
    },
    {
      text: "**Switch CR3** to `0x4000`, process B: the same VA now walks B's own PML4 and lands in frame `0x700000`. The lower half is private to each process.",
      ...view(0x40_0000n, "userRead", { registers: B }),
    },
    {
      text: "The kernel's VA `0xffffffff80001234` in process A: PML4[511] → the shared PDPT → a 2 MiB page at `0x200000`.",
      ...view(KERNEL_VA, "supRead"),
    },
    {
      text: "The same VA in process B: B's PML4[511] holds the same value, so the walk reaches the same PDPT and the same PA. Both PML4s share the kernel's tables.",
      ...view(KERNEL_VA, "supRead", { registers: B }),
    },
    {
      text: "**The machine changes:** the kernel clears R/W in its 2 MiB leaf, once, in the shared table. Process B sees it at once: a supervisor write now faults there (#PF `0x3`), without B's PML4 being touched.",
      ...view(KERNEL_VA, "supWrite", { registers: B }),
      writes: [changeEntry(state, KERNEL_VA, "leaf", (v) => v & ~RW)],
    },
  ],
);

const withOverrides = (access: Access, registers: RegisterOverrides | undefined): string => {
  if (!registers) return describeAccess(access);
  const parts = Object.entries<number>(registers).map(([name, v]) => {
    if (name === "rflags") return `EFLAGS.AC = ${(v >> 18) & 1}`;
    if (name === "cr0") return `CR0.WP = ${(v >> 16) & 1}`;
    return `${name.toUpperCase()} = 0x${v.toString(16)}`;
  });
  return `${describeAccess(access)} (with ${parts.join(", ")})`;
};

export const faultLesson = lessonPreset(
  faultGallery,
  "lesson-faults",
  "Lesson: why does this fault?",
  "Each access of the fault gallery, first as a question and then with its answer: the entry, the bit and the error code. Predict the outcome, or step through the walk, before pressing Next.",
  (state) => {
    const machine = machineFromScenario(state);
    return faultGallery.meta.bookmarks.flatMap((b): LessonStep[] => {
      const regs = b.registers ? { ...machine.regs, ...b.registers } : machine.regs;
      const faults = !walk(machine.ram, regs, b.va, b.access).verdict.ok;
      const overrides = b.registers ? { registers: b.registers } : {};
      return [
        {
          text: `**Why does this ${faults ? "fault" : "not fault"}?** A ${withOverrides(b.access, b.registers)} of \`${formatVirtAddr(b.va)}\`. Find the entry and the bit that decide, then press Next.`,
          va: b.va,
          access: b.access,
          step: 1,
          ...overrides,
        },
        { text: b.note ?? "", ...overrides },
      ];
    });
  },
);

export const LESSON_PRESETS: readonly Preset[] = [
  walkLesson,
  hugePagesLesson,
  recursiveLesson,
  twoProcessesLesson,
  faultLesson,
];
