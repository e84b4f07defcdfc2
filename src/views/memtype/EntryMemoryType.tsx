import { decodeEntry, type Level } from "../../core/arch";
import { selectMemoryTypes } from "../../store/memoryTypeSelectors";
import { usePagewalk } from "../../store/usePagewalk";
import { MemoryTypeLine } from "./MemoryTypeLine";

/** For a present leaf, the memory type its PWT/PCD/PAT bits select (with the MTRRs of its frame). */
export function EntryMemoryType({ raw, level }: { raw: bigint; level: Level }) {
  const resolver = usePagewalk(selectMemoryTypes);
  const e = decodeEntry(raw, level);
  if (!e.present || e.kind !== "leaf" || e.pageSize === null || level > 3) return null;
  const verdict = resolver.verdict(
    Number(raw & 0xffffffffn),
    level as 1 | 2 | 3,
    Number(e.address),
    e.pageSize,
  );
  return <MemoryTypeLine verdict={verdict} />;
}
