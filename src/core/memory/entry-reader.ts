/**
 * Reads page-table entries as 32-bit words from any physical memory, for walks that read a few
 * entries per frame: point it at a frame with `at(pfn)`, then read `lo(index)` / `hi(index)`.
 *
 * Simulated RAM is read in place, in its shared arena (`Ram.entryWords`): one dependent load less
 * per level than going through a frame view, which on random walks is a cache miss less per level.
 * Any other memory (a dump read from a file) is read through `readFrame`. A reader is reused from
 * walk to walk (`use(memory)`): allocating one per walk measured slower than the walk itself.
 */
import type { PhysicalMemory } from "./physical-memory";
import { Ram } from "./ram";

export class EntryReader {
  private memory: PhysicalMemory | null = null;
  private ram: Ram | null = null;
  private words: Int32Array | Uint32Array = new Int32Array(0);
  private base = 0;

  /** Reads from `memory` from now on. */
  use(memory: PhysicalMemory): this {
    if (memory !== this.memory) {
      this.memory = memory;
      this.ram = memory instanceof Ram ? memory : null;
    }
    return this;
  }

  /** Points the reader at frame `pfn`; false (and nothing to read) when it is outside memory. */
  at(pfn: number): boolean {
    const ram = this.ram;
    if (ram !== null) {
      if (!(pfn >= 0 && pfn < ram.frameCount)) return false;
      this.words = ram.entryWords();
      this.base = ram.entryBase(pfn);
      return true;
    }
    const frame = this.memory?.readFrame(pfn) ?? null;
    if (frame === null) return false;
    this.words = frame;
    this.base = 0;
    return true;
  }

  /** Bits 31:0 of entry `index` (0–511) of the frame. */
  lo(index: number): number {
    return this.words[this.base + 2 * index] as number;
  }

  /** Bits 63:32 of entry `index` (0–511) of the frame. */
  hi(index: number): number {
    return this.words[this.base + 2 * index + 1] as number;
  }
}
