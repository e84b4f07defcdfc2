/**
 * The glossary: every term the page uses, in two sentences, with the section of the Intel SDM
 * (vol. 3A unless said otherwise) where the hardware's rule is stated. Plain data: the Glossary
 * panel lists it, and TermLink points into it by id (a typo in an id does not compile).
 */

export interface GlossaryTerm {
  /** Stable id (the anchor the term links use). */
  readonly id: string;
  /** The term as the page writes it. */
  readonly term: string;
  /** Two sentences: what it is, and what it does to a walk. */
  readonly text: string;
  /** Where the SDM states it ("§4.6"), vol. 3A unless the text names another volume. */
  readonly sdm: string;
}

export const GLOSSARY = [
  // The paging structures.
  {
    id: "pml5e",
    term: "PML5E",
    text: "An entry of the PML5 table, the top level of 5-level paging (CR4.LA57 = 1), selected by VA bits 56:48. It points to a PML4 table; it can never map a page itself (its bit 7 is reserved).",
    sdm: "§4.5",
  },
  {
    id: "pml4e",
    term: "PML4E",
    text: "An entry of the PML4 table, selected by VA bits 47:39; with 4-level paging CR3 holds the PML4's address. It points to a page-directory-pointer table; it cannot map a page (bit 7 PS is reserved).",
    sdm: "§4.5",
  },
  {
    id: "pdpte",
    term: "PDPTE",
    text: "An entry of the page-directory-pointer table (PDPT), selected by VA bits 38:30. With PS = 1 it maps a 1 GiB page, otherwise it points to a page directory.",
    sdm: "§4.5",
  },
  {
    id: "pde",
    term: "PDE",
    text: "An entry of a page directory (PD), selected by VA bits 29:21. With PS = 1 it maps a 2 MiB page, otherwise it points to a page table.",
    sdm: "§4.5",
  },
  {
    id: "pte",
    term: "PTE",
    text: "An entry of a page table (PT), the last level, selected by VA bits 20:12. It always maps a 4 KiB page; the VA's bits 11:0 are the offset into that page.",
    sdm: "§4.5",
  },
  // Entry bits.
  {
    id: "p",
    term: "P (present, bit 0)",
    text: "Whether the entry is used at all: with P = 0 the walk stops and the access raises #PF. Every other bit of a not-present entry is ignored, so software may keep anything there.",
    sdm: "§4.5, §4.7",
  },
  {
    id: "rw",
    term: "R/W (read/write, bit 1)",
    text: "With R/W = 0 at any level of the walk, the page is read-only: user writes fault, and supervisor writes fault too while CR0.WP = 1. Write access needs R/W = 1 at every level.",
    sdm: "§4.6.1",
  },
  {
    id: "us",
    term: "U/S (user/supervisor, bit 2)",
    text: "With U/S = 0 at any level of the walk, the page is a supervisor page: user-mode accesses (CPL 3) fault. A user page needs U/S = 1 at every level.",
    sdm: "§4.6.1",
  },
  {
    id: "pwt",
    term: "PWT (page-level write-through, bit 3)",
    text: "One of the three bits (with PCD and PAT) that select the memory type of what the entry points to through the PAT. It does not change whether the walk succeeds.",
    sdm: "§4.9.2",
  },
  {
    id: "pcd",
    term: "PCD (page-level cache disable, bit 4)",
    text: "One of the three bits (with PWT and PAT) that select the memory type through the PAT, for instance uncacheable for device memory. It does not change whether the walk succeeds.",
    sdm: "§4.9.2",
  },
  {
    id: "a",
    term: "A (accessed, bit 5)",
    text: "The processor sets A in every entry a successful walk uses. Software clears it to learn which tables and pages were used since (for page replacement).",
    sdm: "§4.8",
  },
  {
    id: "d",
    term: "D (dirty, bit 6)",
    text: "The processor sets D in the entry that maps the page (the leaf) when the page is written. It exists only in leaf entries; above the leaf bit 6 is ignored.",
    sdm: "§4.8",
  },
  {
    id: "ps",
    term: "PS (page size, bit 7)",
    text: "In a PDPTE or PDE, PS = 1 makes the entry a leaf that maps a 1 GiB or 2 MiB page, and the walk ends there. In a PML4E or PML5E bit 7 is reserved, and in a PTE it is PAT.",
    sdm: "§4.5",
  },
  {
    id: "pat",
    term: "PAT (bit 7 of a PTE, bit 12 of a huge leaf)",
    text: "The third memory-type bit: PAT·4 + PCD·2 + PWT picks one of the eight types in the IA32_PAT MSR. It sits at bit 7 in a PTE and at bit 12 in a 2 MiB or 1 GiB leaf, whose address starts above it.",
    sdm: "§4.9.2",
  },
  {
    id: "ia32-pat",
    term: "IA32_PAT",
    text: "The page attribute table MSR: eight bytes PA0–PA7, each a memory type (0 UC, 1 WC, 4 WT, 5 WP, 6 WB, 7 UC-), selected by a leaf's PAT·4 + PCD·2 + PWT. Its power-on value 0x0007040600070406 gives WB, WT, UC-, UC twice, and writing a reserved encoding raises #GP.",
    sdm: "§11.12.2",
  },
  {
    id: "mtrr",
    term: "MTRR",
    text: "Memory type range registers give physical memory its types: fixed ranges for the first MiB, variable ranges (a base and a power-of-two size) above it, and a default type for the rest. A page's effective type combines its PAT type with the MTRR type of its frame, by the SDM's Table 11-7.",
    sdm: "§11.11",
  },
  {
    id: "memory-type",
    term: "Memory type",
    text: "How the processor caches a page: UC uncacheable, UC- uncacheable unless an MTRR says WC, WC write-combining, WT write-through, WP write-protected, WB write-back. Device memory wants UC or WC, RAM wants WB, and a WB page in a UC MTRR range is UC.",
    sdm: "§11.3",
  },
  {
    id: "g",
    term: "G (global, bit 8)",
    text: "In a leaf entry with CR4.PGE = 1, G = 1 makes the translation global: its TLB entry survives a CR3 load and serves every PCID. Kernels set it on mappings every address space shares.",
    sdm: "§4.10.2.4",
  },
  {
    id: "xd",
    term: "XD (execute-disable, bit 63)",
    text: "With EFER.NXE = 1, XD = 1 at any level forbids instruction fetches from the page (#PF with I/D = 1). With EFER.NXE = 0 bit 63 is reserved, so setting it makes the walk fault with RSVD.",
    sdm: "§4.6.1",
  },
  {
    id: "protection-key",
    term: "Protection key (bits 62:59)",
    text: "A 4-bit key in a leaf entry, used when CR4.PKE = 1: PKRU says for each of the 16 keys whether data accesses or writes to user pages with that key are allowed. Changing PKRU changes the rights of all those pages without touching a page table.",
    sdm: "§4.6.2",
  },
  {
    id: "reserved",
    term: "Reserved bits",
    text: "Bits an entry must keep 0: address bits at and above MAXPHYADDR, bit 63 while EFER.NXE = 0, PS in a PML4E, the low address bits of a huge-page leaf. A present entry with a reserved bit set makes the walk fault with #PF and RSVD = 1.",
    sdm: "§4.5, §4.7",
  },
  // Addresses and memory.
  {
    id: "canonical",
    term: "Canonical address",
    text: "With 4-level paging only 48 VA bits are translated, so bits 63:48 must all equal bit 47 (with 5-level paging, bits 63:57 equal bit 56). An access to a non-canonical address raises #GP before any table is read.",
    sdm: "vol. 1 §3.3.7.1; §4.5",
  },
  {
    id: "frame",
    term: "Page frame",
    text: "A page-aligned block of physical memory that a leaf entry maps a virtual page onto. The leaf holds the frame's physical address; the VA's low bits are the offset inside it.",
    sdm: "§4.5",
  },
  {
    id: "huge-page",
    term: "Huge page (2 MiB, 1 GiB)",
    text: "A PDE or PDPTE with PS = 1 maps a 2 MiB or 1 GiB page directly, so the walk ends one or two levels early and the lower VA bits all become the offset. The frame's address must be aligned to the page size; the bits below that are reserved.",
    sdm: "§4.5",
  },
  {
    id: "maxphyaddr",
    term: "MAXPHYADDR",
    text: "The processor's physical-address width, from CPUID.80000008H:EAX[7:0] (36 to 52 bits). Entry address bits from MAXPHYADDR up to 51 are reserved.",
    sdm: "§4.1.4",
  },
  {
    id: "tlb",
    term: "TLB (translation lookaside buffer)",
    text: "A cache of translations that succeeded, so most accesses need no walk. Writing an entry does not update it: until INVLPG or a CR3 load invalidates it, the processor may keep using the old translation.",
    sdm: "§4.10",
  },
  // Registers.
  {
    id: "cr0-wp",
    term: "CR0.WP (write protect, bit 16)",
    text: "With WP = 1, supervisor-mode writes to read-only pages (R/W = 0 somewhere on the walk) fault like user writes. With WP = 0 the kernel may write any page, whatever R/W says.",
    sdm: "§2.5, §4.6.1",
  },
  {
    id: "cr2",
    term: "CR2",
    text: "On a page fault the processor loads CR2 with the virtual address that faulted. The #PF handler reads it to know which page to fix; #GP leaves CR2 unchanged.",
    sdm: "§2.5, §4.7",
  },
  {
    id: "cr3",
    term: "CR3",
    text: "Holds the physical address of the top-level table (the PML4, or the PML5 with LA57) in bits 51:12, so loading CR3 switches address spaces. Its bits 3 and 4 are PWT and PCD for that table, or bits 11:0 are a PCID when CR4.PCIDE = 1.",
    sdm: "§2.5, §4.5",
  },
  {
    id: "cr4-la57",
    term: "CR4.LA57 (bit 12)",
    text: "Selects 5-level paging: a PML5 above the PML4 and 57-bit virtual addresses. The same CR3 is then read as a PML5 table, as the hardware would.",
    sdm: "§2.5, §4.5",
  },
  {
    id: "cr4-pcide",
    term: "CR4.PCIDE (bit 17)",
    text: "Enables process-context identifiers: CR3 bits 11:0 become a PCID that tags TLB entries. Translations of several address spaces can then stay cached across CR3 loads.",
    sdm: "§2.5, §4.10.1",
  },
  {
    id: "cr4-smep",
    term: "CR4.SMEP (bit 20)",
    text: "Supervisor-mode execution prevention: with SMEP = 1 the kernel may not fetch instructions from a user page (U/S = 1 at every level). It stops an exploit from jumping into code the user controls.",
    sdm: "§2.5, §4.6.1",
  },
  {
    id: "cr4-smap",
    term: "CR4.SMAP (bit 21)",
    text: "Supervisor-mode access prevention: with SMAP = 1 a kernel data access to a user page faults, unless RFLAGS.AC = 1 (explicit accesses). The kernel sets AC (stac) only around code that must touch user memory.",
    sdm: "§2.5, §4.6.1",
  },
  {
    id: "cr4-pke",
    term: "CR4.PKE (bit 22)",
    text: "Enables protection keys for user pages: each leaf's key (bits 62:59) is checked against PKRU on data accesses. Without it the key bits are ignored.",
    sdm: "§2.5, §4.6.2",
  },
  {
    id: "pkru",
    term: "PKRU",
    text: "A 32-bit register with two bits per protection key k: AD (bit 2k) disables data accesses and WD (bit 2k+1) disables writes to user pages with key k. User code changes it with WRPKRU, without a system call.",
    sdm: "§4.6.2",
  },
  {
    id: "rflags-ac",
    term: "RFLAGS.AC (bit 18)",
    text: "The alignment-check flag; with SMAP it also lets supervisor code access user pages while it is 1. The kernel sets it with stac and clears it with clac.",
    sdm: "§2.3, §4.6.1",
  },
  {
    id: "efer-nxe",
    term: "EFER.NXE (bit 11)",
    text: "Enables execute-disable: with NXE = 1 bit 63 of an entry is XD, and a fetch from a page with XD = 1 at any level faults. With NXE = 0 bit 63 is reserved.",
    sdm: "§2.2.1, §4.6.1",
  },
  // Exceptions.
  {
    id: "pf",
    term: "#PF (page fault, vector 14)",
    text: "Raised when a walk finds a not-present entry or a reserved bit, or when the access is not allowed by the walk's rights. The processor pushes an error code that says why and loads CR2 with the faulting address.",
    sdm: "§4.7; §6.15 (Interrupt 14)",
  },
  {
    id: "gp",
    term: "#GP (general protection, vector 13)",
    text: "Raised for a non-canonical address, before any table is read. It is not a page fault: it has no page-fault error code and leaves CR2 unchanged.",
    sdm: "vol. 1 §3.3.7.1; §6.15 (Interrupt 13)",
  },
  {
    id: "pf-p",
    term: "Error code bit 0: P",
    text: "0 means the fault came from a not-present entry; 1 means the page was present and a right (or a reserved bit, or a protection key) denied the access. It tells a handler whether to bring a page in or to report a violation.",
    sdm: "§4.7",
  },
  {
    id: "pf-w",
    term: "Error code bit 1: W/R",
    text: "1 when the faulting access was a write, 0 for a read or an instruction fetch. A copy-on-write handler looks for P = 1 and W/R = 1.",
    sdm: "§4.7",
  },
  {
    id: "pf-u",
    term: "Error code bit 2: U/S",
    text: "1 when the access was made in user mode, 0 in supervisor mode. It is about who accessed, not about the entry's U/S flag.",
    sdm: "§4.7",
  },
  {
    id: "pf-rsvd",
    term: "Error code bit 3: RSVD",
    text: "1 when the walk met an entry with a reserved bit set; P is then 1 too. It points at corrupt or misconfigured tables rather than at a missing page.",
    sdm: "§4.7",
  },
  {
    id: "pf-i",
    term: "Error code bit 4: I/D",
    text: "1 when the faulting access was an instruction fetch. It is reported when execute-disable (EFER.NXE) or SMEP is enabled.",
    sdm: "§4.7",
  },
  {
    id: "pf-pk",
    term: "Error code bit 5: PK",
    text: "1 when PKRU denies the access through the page's protection key: a data access with AD = 1, or a write with WD = 1. Changing PKRU, not the page tables, lifts it.",
    sdm: "§4.7, §4.6.2",
  },
] as const satisfies readonly GlossaryTerm[];

export type TermId = (typeof GLOSSARY)[number]["id"];

const BY_ID: ReadonlyMap<string, GlossaryTerm> = new Map(GLOSSARY.map((t) => [t.id, t]));

export function glossaryTerm(id: TermId): GlossaryTerm {
  return BY_ID.get(id) as GlossaryTerm;
}

/** The term for each level's entries (walk cards name the entry: "PML4E at 0x1008"). */
export const LEVEL_ENTRY_TERMS = {
  5: "pml5e",
  4: "pml4e",
  3: "pdpte",
  2: "pde",
  1: "pte",
} as const satisfies Record<1 | 2 | 3 | 4 | 5, TermId>;

/** The term for each #PF error-code bit, by bit number. */
export const PF_BIT_TERMS: Readonly<Record<number, TermId>> = {
  0: "pf-p",
  1: "pf-w",
  2: "pf-u",
  3: "pf-rsvd",
  4: "pf-i",
  5: "pf-pk",
};

/** The term for an entry field as the inspector labels it ("U/S", "PS", …), if the glossary has one. */
export const FIELD_TERMS: Readonly<Record<string, TermId>> = {
  P: "p",
  "R/W": "rw",
  "U/S": "us",
  PWT: "pwt",
  PCD: "pcd",
  A: "a",
  D: "d",
  PS: "ps",
  PAT: "pat",
  G: "g",
  XD: "xd",
  PK: "protection-key",
  RSVD: "reserved",
};
