/**
 * Access kinds and the page-fault error code (SDM vol. 3A §4.7, Figure 4-12).
 */
export type AccessOp = "read" | "write" | "fetch";
export type AccessMode = "user" | "supervisor";

export interface Access {
  readonly op: AccessOp;
  readonly mode: AccessMode;
}

/** The six accesses the CLI and the oracle report, in their order. */
export const ACCESS_KINDS = ["supRead", "supWrite", "supExec", "userRead", "userWrite", "userExec"] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

export function accessOfKind(kind: AccessKind): Access {
  const mode: AccessMode = kind.startsWith("user") ? "user" : "supervisor";
  const op: AccessOp = kind.endsWith("Read") ? "read" : kind.endsWith("Write") ? "write" : "fetch";
  return { op, mode };
}

export function kindOfAccess(access: Access): AccessKind {
  const prefix = access.mode === "user" ? "user" : "sup";
  return `${prefix}${access.op === "read" ? "Read" : access.op === "write" ? "Write" : "Exec"}`;
}

export function describeAccess(access: Access): string {
  return `${access.mode} ${access.op}`;
}

/** #PF error-code bits. */
export const PF = {
  P: 1 << 0,
  W: 1 << 1,
  U: 1 << 2,
  RSVD: 1 << 3,
  I: 1 << 4,
  PK: 1 << 5,
} as const;

export const PF_BIT_NAMES: ReadonlyArray<{ bit: number; name: keyof typeof PF; set: string; clear: string }> =
  [
    {
      bit: 0,
      name: "P",
      set: "protection violation (the page was present)",
      clear: "the page was not present",
    },
    { bit: 1, name: "W", set: "the access was a write", clear: "the access was a read or fetch" },
    { bit: 2, name: "U", set: "the access was in user mode", clear: "the access was in supervisor mode" },
    { bit: 3, name: "RSVD", set: "a reserved bit was set in an entry", clear: "no reserved bit was set" },
    { bit: 4, name: "I", set: "the access was an instruction fetch", clear: "not an instruction fetch" },
    { bit: 5, name: "PK", set: "protection keys denied the access", clear: "not a protection-key violation" },
  ];

/**
 * The error-code bits every #PF of this access carries: W for writes, U for user mode, and I for
 * fetches when execute-disable or SMEP is in force (SDM §4.7: otherwise I is 0).
 */
export function accessErrorBits(access: Access, nxe: boolean, smep: boolean): number {
  let code = 0;
  if (access.op === "write") code |= PF.W;
  if (access.mode === "user") code |= PF.U;
  if (access.op === "fetch" && (nxe || smep)) code |= PF.I;
  return code;
}

/** "0x5 = P | U" */
export function describeErrorCode(code: number): string {
  const names = PF_BIT_NAMES.filter((b) => (code >> b.bit) & 1).map((b) => b.name);
  return `0x${code.toString(16)}${names.length ? " = " + names.join(" | ") : ""}`;
}
