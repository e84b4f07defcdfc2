import { memoryTypeOfWalk } from "../../core/memtype";
import type { WalkResult } from "../../core/walk";
import { selectMemoryTypes } from "../../store/memoryTypeSelectors";
import { usePagewalk } from "../../store/usePagewalk";
import { MemoryTypeLine } from "./MemoryTypeLine";

/** The memory type of the page a successful walk reached. */
export function WalkMemoryType({ result }: { result: WalkResult }) {
  const resolver = usePagewalk(selectMemoryTypes);
  const verdict = memoryTypeOfWalk(resolver, result);
  return verdict === null ? null : <MemoryTypeLine verdict={verdict} />;
}
