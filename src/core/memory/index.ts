/**
 * Simulated physical memory: sparse, copy-on-write RAM with undoable states, and the frame allocator
 * that hands out zeroed frames for new tables.
 */
export { FrameAllocator, type AllocError, type AllocatorState } from "./allocator";
export {
  ENTRIES_PER_TABLE,
  FRAME_SIZE,
  FRAME_WORDS,
  MAX_RAM_BYTES,
  Ram,
  ZERO_FRAME,
  entryOfFrame,
  type FrameStore,
  type PhysicalMemory,
} from "./ram";
