/** The memory-type resolver of the current machine (its IA32_PAT and MTRRs), made once per setting. */
import { DEFAULT_MEMORY_TYPE_SETTINGS, trustedResolver, type MemoryTypeResolver } from "../core/memtype";
import { memoByKeys } from "./selectors";
import type { PagewalkState } from "./store";

// The store only ever holds settings `setMemoryTypes` or a validated scenario accepted.
const resolverMemo = memoByKeys(trustedResolver);

export function selectMemoryTypes(state: PagewalkState): MemoryTypeResolver {
  return resolverMemo(state.machine.memoryTypes ?? DEFAULT_MEMORY_TYPE_SETTINGS);
}
