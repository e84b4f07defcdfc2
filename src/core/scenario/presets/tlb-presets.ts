/**
 * The TLB lessons (issue 14): each a machine (tlb-machine.ts), an access trace to replay in the
 * Access trace panel, and the outcome the lesson is about — one line of the trace, checked by
 * tlb-presets.test.ts and by the browser test through the trace panel.
 */
import type { PhysAddr } from "../../arch";
import { mark } from "./builder";
import {
  KERNEL_GLOBAL_VA,
  KERNEL_PRIVATE_VA,
  KPTI_USER_CR3,
  PROCESS_A_CR3,
  PROCESS_B_CR3,
  READ_ONLY_VA,
  TLB_CR4,
  USER_VA,
  tlbLessonMachine,
} from "./tlb-machine";
import type { Preset } from "./types";

/** What the lesson's key line of the trace does: a hit or a miss, stale or not, and its PA. */
export interface TlbLessonOutcome {
  readonly line: number;
  readonly tlb: "hit" | "miss";
  readonly stale: boolean;
  /** The PA, or null when the access faults. */
  readonly pa: number | null;
}

const HARDWARE_NOTE =
  " Pagewalk's TLB keeps every entry until it is invalidated or evicted (LRU); a real CPU may drop an entry at any time, so it may also give the fresh answer — never count on a stale one, and never on a stale one being gone without an invalidation.";

const labels = [
  { kind: "frame" as const, addr: PROCESS_A_CR3 as PhysAddr, name: "PML4 of process A" },
  { kind: "frame" as const, addr: PROCESS_B_CR3 as PhysAddr, name: "PML4 of process B" },
  { kind: "frame" as const, addr: 0x4000 as PhysAddr, name: "PT of process A" },
];
const processes = [
  { name: "process A", cr3: PROCESS_A_CR3 },
  { name: "process B", cr3: PROCESS_B_CR3 },
];

function lesson(
  id: string,
  title: string,
  description: string,
  trace: readonly string[],
  bookmarks: Preset["meta"]["bookmarks"],
  outcomes: Preset["outcomes"],
  cr4 = TLB_CR4,
): Preset {
  return {
    id,
    meta: { title, description: description + HARDWARE_NOTE, labels, bookmarks, processes },
    outcomes,
    build() {
      const state = tlbLessonMachine().state(
        { cr3: PROCESS_A_CR3, cr4 },
        { va: bookmarks[0]?.va ?? USER_VA, access: "userRead" },
        { title, description: description + HARDWARE_NOTE, labels, bookmarks, processes },
      );
      return { ...state, trace: trace.join("\n") + "\n" };
    },
  };
}

export const staleAfterPteEdit = lesson(
  "tlb-stale-pte",
  "Stale TLB after a PTE edit",
  "A TLB remembers translations, and writing a page-table entry does not tell it. Replay the trace: the first read of 0x400000 misses and caches frame 0x10000; the kernel then points PT[0] at frame 0x12000, but the next read still hits the old entry and reaches 0x10000 — a stale translation (line 6). INVLPG 0x400000 drops the entry, and the read after it walks the tables again and reaches 0x12000. Every kernel that edits a live mapping must invalidate it (SDM vol. 3A §4.10.4).",
  [
    "# 1. The first read misses: the CPU walks and caches 0x400000 → 0x10000.",
    "read user 0x400000",
    "# 2. The kernel remaps the page: PT[0] now points to frame 0x12000 …",
    "write-entry 0x4000 0x12007",
    "# 3. … but the TLB still says 0x10000: a stale hit.",
    "read user 0x400000",
    "# 4. INVLPG drops the entry, and the next read walks again: 0x12000.",
    "invlpg 0x400000",
    "read user 0x400000",
  ],
  [mark(USER_VA, "userRead", "Before the trace: 0x400000 is frame 0x10000.")],
  [{ pa: 0x10000 }],
);

export const spuriousFault = lesson(
  "tlb-spurious-fault",
  "Spurious fault after a permission upgrade",
  "Upgrading a permission (read-only → writable) without INVLPG is allowed, and costs at most one fault. The first read of 0x401000 caches it read-only. The kernel then sets R/W = 1 in its PTE without invalidating. The write hits the cached, read-only entry and raises #PF (error 0x7: present, write, user) — a spurious fault, since the tables allow it (line 6). The #PF itself invalidates the entries for that address (SDM §4.10.4.1), so when the handler returns and the write is retried, it misses, walks, and succeeds (line 7). Linux's page-fault handler expects exactly this (SDM §4.10.4.3).",
  [
    "# The first read caches 0x401000 as read-only.",
    "read user 0x401000",
    "# The kernel makes the page writable, without INVLPG.",
    "write-entry 0x4008 0x11007",
    "# The write hits the read-only entry: #PF, and the #PF drops the entry.",
    "write user 0x401000",
    "write user 0x401000",
    "# The retry above missed, walked and wrote.",
  ],
  [mark(READ_ONLY_VA, "userWrite", "Before the trace the page is read-only: a user write faults.")],
  [{ exception: "#PF", errorCode: 0x7, cause: "RW" }],
);

export const contextSwitchPcid = lesson(
  "tlb-context-switch",
  "Context switch with and without PCIDs",
  "Process A (CR3 0x1000) and process B (CR3 0x7000) both use 0x400000. Without PCIDs, every MOV to CR3 throws away the TLB's non-global entries, so coming back to A misses again (line 7). With CR4.PCIDE = 1, CR3's low 12 bits tag each entry with a PCID (A = 1, B = 2), and bit 63 of the value written to CR3 asks the CPU to keep the TLB: after A → B → A, A's translation is still there and hits (line 17). Entries of one PCID are never used under another, so no flush is needed for correctness.",
  [
    "# Without PCIDs: each MOV to CR3 flushes the non-global entries.",
    "read user 0x400000",
    "mov-cr3 0x7000",
    "read user 0x400000",
    "mov-cr3 0x1000",
    "# Back in A: its translation was thrown away.",
    "read user 0x400000",
    "# With PCIDs: CR4.PCIDE = 1 (CR3's PCID is 0, as it must be when setting it).",
    "mov-cr4 0x200a0",
    "mov-cr3 0x1001",
    "read user 0x400000",
    "# Switch to B with PCID 2, bit 63 set: no flush.",
    "mov-cr3 0x8000000000007002",
    "read user 0x400000",
    "# Back to A, no flush: A's entry (PCID 1) hits.",
    "mov-cr3 0x8000000000001001",
    "read user 0x400000",
  ],
  [
    mark(USER_VA, "userRead", "Process A's 0x400000 is frame 0x10000."),
    mark(USER_VA, "userRead", "Process B's 0x400000 is frame 0x20000.", { cr3: PROCESS_B_CR3 }),
  ],
  [{ pa: 0x10000 }, { pa: 0x20000 }],
);

export const globalKernelPages = lesson(
  "tlb-global-pages",
  "Global kernel pages survive a CR3 reload",
  "The kernel half is the same in every process, so its pages are marked global: G = 1 in the leaf while CR4.PGE = 1. A MOV to CR3 (a process switch) flushes the non-global entries only: after switching to process B, the kernel page 0xffffffff80000000 still hits (line 6) while the user page misses. Changing CR4.PGE flushes everything, globals too, which is how a kernel flushes its global entries (line 10).",
  [
    "read sup 0xffffffff80000000",
    "read user 0x400000",
    "# Switch to process B: non-global entries go.",
    "mov-cr3 0x7000",
    "# The kernel page (G = 1) survived; the user page did not.",
    "read sup 0xffffffff80000000",
    "read user 0x400000",
    "# Clearing CR4.PGE flushes everything, globals too.",
    "mov-cr4 0x20",
    "read sup 0xffffffff80000000",
  ],
  [mark(KERNEL_GLOBAL_VA + 0x1234n, "supRead", "The kernel's global 2 MiB page at 0x200000.")],
  [{ pa: 0x201234 }],
);

export const kptiWithPcids = lesson(
  "tlb-kpti",
  "KPTI: separate user and kernel page tables with PCIDs",
  "Against Meltdown, a KPTI kernel runs user code on page tables that do not map the kernel (CR3 0xb000 here) and switches to the full tables (0x1000) on every entry to the kernel. Without PCIDs each switch would flush the TLB; Linux gives the kernel tables one PCID (1) and the user tables another (0x801: bit 11 set), and writes CR3 with bit 63 set. In user space the kernel's private page faults (line 8): the user tables do not map it, and its TLB entry is tagged with PCID 1, so it is out of reach. Back in the kernel, that entry hits without a walk (line 11). (A real KPTI kernel also maps a small entry trampoline in the user tables; it is left out here.)",
  [
    "mov-cr4 0x200a0",
    "mov-cr3 0x1001",
    "read sup 0xffffffff80400000",
    "# Return to user space: user tables, PCID 0x801, no flush.",
    "mov-cr3 0x800000000000b801",
    "read user 0x400000",
    "# The kernel's page is not reachable from here.",
    "read sup 0xffffffff80400000",
    "# A system call: back to the kernel tables, PCID 1, no flush.",
    "mov-cr3 0x8000000000001001",
    "read sup 0xffffffff80400000",
  ],
  [
    mark(KERNEL_PRIVATE_VA, "supRead", "With the kernel tables the kernel's private page is 0x400000."),
    mark(KERNEL_PRIVATE_VA, "supRead", "With the user tables (CR3 0xb000) it is not mapped.", {
      cr3: KPTI_USER_CR3,
    }),
  ],
  [{ pa: 0x400000 }, { exception: "#PF", errorCode: 0x0, cause: "P" }],
);

export const shootdownTwoCpus = lesson(
  "tlb-shootdown",
  "TLB shootdown on two CPUs",
  "Each CPU has its own TLB. Both CPUs read 0x400000 and cache it; CPU 0 then remaps the page and runs INVLPG — on itself only. CPU 0 now sees the new frame 0x12000, but CPU 1 still hits its old entry and reaches 0x10000 (line 11): the bug a missing shootdown causes. A shootdown runs the invalidation on every CPU (an OS sends inter-processor interrupts and waits for each CPU to INVLPG); after it, CPU 1 misses and walks to 0x12000.",
  [
    "read user 0x400000",
    "cpu 1",
    "read user 0x400000",
    "cpu 0",
    "# CPU 0 remaps the page and invalidates its own TLB.",
    "write-entry 0x4000 0x12007",
    "invlpg 0x400000",
    "read user 0x400000",
    "# CPU 1 still has the old translation.",
    "cpu 1",
    "read user 0x400000",
    "# The shootdown: INVLPG on every CPU.",
    "shootdown 0x400000",
    "read user 0x400000",
  ],
  [mark(USER_VA, "userRead", "Before the trace: 0x400000 is frame 0x10000.")],
  [{ pa: 0x10000 }],
);

export const TLB_PRESETS: readonly Preset[] = [
  staleAfterPteEdit,
  spuriousFault,
  contextSwitchPcid,
  globalKernelPages,
  kptiWithPcids,
  shootdownTwoCpus,
];

/** The line each lesson is about and what it does (the lesson text names the line). */
export const TLB_LESSON_OUTCOMES: Readonly<Record<string, TlbLessonOutcome>> = {
  "tlb-stale-pte": { line: 6, tlb: "hit", stale: true, pa: 0x10000 },
  "tlb-spurious-fault": { line: 6, tlb: "hit", stale: true, pa: null },
  "tlb-context-switch": { line: 17, tlb: "hit", stale: false, pa: 0x10000 },
  "tlb-global-pages": { line: 6, tlb: "hit", stale: false, pa: 0x200000 },
  "tlb-kpti": { line: 11, tlb: "hit", stale: false, pa: 0x400000 },
  "tlb-shootdown": { line: 11, tlb: "hit", stale: true, pa: 0x10000 },
};
