import type { Level, PhysAddr } from "../../core/arch";
import type { PhysicalMemory } from "../../core/memory";
import { decodeTableFrame, frameVersionOf, tableFrame, type TableEntries } from "../tableEntries";

/**
 * A table's 512 entries decoded for display, decoded again only when the frame's contents change.
 * Frame views are shared between RAM states and `frameVersion` changes exactly when the contents
 * do, so (view, version) is the memo key: an edit elsewhere in RAM does not decode this table again.
 * An edit of one entry re-decodes the table but keeps the other 511 entry objects, so only the
 * edited cell and row render again ("storing information from previous renders", React docs).
 * The last eight tables shown stay decoded: stepping through a walk goes back and forth between the
 * same three or four tables, and each comes back without a new decode (or new cells). A plain
 * function of its inputs over that cache (no component state, so no render thrown away to set it).
 */
export function useDecodedTable(
  memory: PhysicalMemory,
  table: PhysAddr,
  level: Level,
  maxPhyAddr: number,
  nxe: boolean,
): TableEntries {
  const frame = tableFrame(memory, table);
  const version = frameVersionOf(memory, table);
  const key = `${table}:${level}:${maxPhyAddr}:${nxe}`;
  const seen = recent.get(key);
  if (seen !== undefined && seen.frame === frame && seen.version === version) {
    remember(key, seen);
    return seen.decoded;
  }
  // The same table decoded before (same context): its unchanged entries keep their objects.
  const decoded = decodeTableFrame(frame, level, maxPhyAddr, nxe, seen?.decoded ?? null);
  remember(key, { frame, version, decoded });
  return decoded;
}

interface Decoded {
  readonly frame: Uint32Array | null;
  readonly version: number;
  readonly decoded: TableEntries;
}

/** The tables decoded last (most recent last), by address and decoding context. */
const recent = new Map<string, Decoded>();
const RECENT_TABLES = 8;

function remember(key: string, entry: Decoded): void {
  recent.delete(key);
  recent.set(key, entry);
  if (recent.size > RECENT_TABLES) recent.delete(recent.keys().next().value as string);
}
