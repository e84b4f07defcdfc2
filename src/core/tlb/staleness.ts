/**
 * Whether a cached answer is stale (issue 14): it differs from what a fresh walk of the current
 * tables gives — another frame, other rights, or a fault. The model compares; the CPU never does.
 */
import { describeErrorCode, formatPhysAddr, pageSizeName, type PageSize, type PhysAddr } from "../arch";
import type { EffectivePermissions, WalkResult } from "../walk";

export type StaleKind = "frame" | "rights" | "fault";

export interface Staleness {
  readonly kind: StaleKind;
  /** "the tables now say …" completed: what the fresh walk gives. */
  readonly now: string;
  /** The fresh walk of the current tables. */
  readonly fresh: WalkResult;
}

/** What a cache answered: a page (its frame, size and rights). */
export interface CachedAnswer {
  readonly frame: PhysAddr;
  readonly pageSize: PageSize;
  readonly permissions: EffectivePermissions;
}

export function compareWithFresh(cached: CachedAnswer, fresh: WalkResult): Staleness | null {
  const t = fresh.translation;
  if (t.kind !== "mapped") return { kind: "fault", now: describeFresh(fresh), fresh };
  const frame = t.pa - (t.pa % t.pageSize);
  if (frame !== cached.frame || t.pageSize !== cached.pageSize)
    return { kind: "frame", now: describeFresh(fresh), fresh };
  const a = cached.permissions;
  const b = t.permissions;
  if (
    a.writable !== b.writable ||
    a.user !== b.user ||
    a.executeDisable !== b.executeDisable ||
    a.protectionKey !== b.protectionKey
  )
    return { kind: "rights", now: describeFresh(fresh), fresh };
  return null;
}

/** "PA 0x6000 (4 KiB page; user, writable, executable)" or "#PF 0x4 = U: The PT entry has P = 0 …". */
export function describeFresh(fresh: WalkResult): string {
  const t = fresh.translation;
  if (t.kind === "mapped")
    return `PA ${formatPhysAddr(t.pa)} (${pageSizeName(t.pageSize)} page; ${describeRights(t.permissions)})`;
  const v = fresh.verdict;
  if (v.ok) return "no translation";
  return `${v.exception} ${describeErrorCode(v.errorCode)}: ${v.reason}`;
}

/** "user, read-only, no-exec", the rights a cached or fresh translation grants. */
export function describeRights(p: EffectivePermissions): string {
  const parts = [
    p.user ? "user" : "supervisor-only",
    p.writable ? "writable" : "read-only",
    p.executeDisable ? "no-exec" : "executable",
  ];
  if (p.protectionKey !== 0) parts.push(`key ${p.protectionKey}`);
  return parts.join(", ");
}
