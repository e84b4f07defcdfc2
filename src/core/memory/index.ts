/**
 * Simulated physical memory: sparse, copy-on-write RAM with undoable states, and the frame allocator
 * that hands out zeroed frames for new tables. The arena and slot maps behind RAM and the
 * allocator's free list are private to this folder (frame-store.ts, persistent-array.ts and
 * free-frames.ts are not exported): hot loops read entries through `Ram.entryWords()` and
 * `Ram.entryBase(pfn)`.
 */
export { FrameAllocator, type AllocError, type AllocatorState } from "./allocator";
export {
  ENTRIES_PER_TABLE,
  FRAME_SIZE,
  FRAME_WORDS,
  MAX_RAM_BYTES,
  ZERO_FRAME,
  entryOfFrame,
  type PhysicalMemory,
} from "./physical-memory";
export { EntryReader } from "./entry-reader";
export { Footprint } from "./footprint";
export { Ram } from "./ram";
