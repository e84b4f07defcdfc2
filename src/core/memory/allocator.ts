/**
 * The seed's `FrameAlloc`: hands out zeroed 4 KiB frames for page tables and takes them back.
 *
 * A bump pointer over a range of frames plus a stack of freed frames (reused first, like the C
 * baseline). Running out is a typed error that changes nothing. The allocator is part of the
 * machine state: undo keeps 200 of them, and every map or unmap clones one, so the free stack is
 * a persistent value (free-frames.ts) and `clone()` is O(1) however many frames it holds.
 */
import type { PhysAddr } from "../arch";
import { FRAME_SIZE, MAX_RAM_BYTES } from "./physical-memory";
import type { Footprint } from "./footprint";
import { FreeFrames } from "./free-frames";
import type { Ram } from "./ram";
import { err, ok, type Result } from "../common";

export interface AllocatorState {
  /** First frame number the allocator may hand out. */
  readonly firstPfn: number;
  /** One past the last frame number it may hand out. */
  readonly endPfn: number;
  /** Frames below this were handed out at some point (bump pointer). */
  readonly nextPfn: number;
  /** Frames given back, reused last-in first-out. */
  readonly freePfns: readonly number[];
}

export type AllocError =
  { kind: "out-of-frames"; message: string } | { kind: "not-allocated"; message: string };

/** Frames of the largest RAM: no allocator hands out a frame at or past this. */
const MAX_FRAMES = MAX_RAM_BYTES / FRAME_SIZE;

export class FrameAllocator {
  readonly firstPfn: number;
  readonly endPfn: number;
  private nextPfn: number;
  /** Freed frames, reused last-in first-out; `isAllocated` asks it once per table an unmap frees. */
  private freeFrames: FreeFrames;

  /**
   * An allocator in `state`. Throws RangeError unless first ≤ next ≤ end, the frames handed out
   * lie below 16 GiB, and each free frame was handed out (first ≤ pfn < next) and is listed once.
   * (`free` is for `clone`: the free stack to share instead of building one from the state's list.)
   */
  constructor(state: AllocatorState, free?: FreeFrames) {
    if (!(state.firstPfn >= 0 && state.firstPfn <= state.nextPfn && state.nextPfn <= state.endPfn)) {
      throw new RangeError(
        `inconsistent allocator range ${state.firstPfn} ≤ ${state.nextPfn} ≤ ${state.endPfn}`,
      );
    }
    if (state.nextPfn > Math.max(state.firstPfn, MAX_FRAMES)) {
      throw new RangeError(`allocator frames up to ${state.nextPfn} were handed out, past 16 GiB of RAM`);
    }
    this.firstPfn = state.firstPfn;
    this.endPfn = state.endPfn;
    this.nextPfn = state.nextPfn;
    this.freeFrames = free ?? this.freeFramesOf(state);
  }

  /** An allocator over [firstAddr, endAddr) of physical memory (both 4 KiB aligned). */
  static forRange(firstAddr: number, endAddr: number): FrameAllocator {
    const first = Math.ceil(firstAddr / FRAME_SIZE);
    const end = Math.floor(endAddr / FRAME_SIZE);
    return new FrameAllocator({ firstPfn: first, endPfn: end, nextPfn: first, freePfns: [] });
  }

  state(): AllocatorState {
    return {
      firstPfn: this.firstPfn,
      endPfn: this.endPfn,
      nextPfn: this.nextPfn,
      freePfns: this.freeFrames.toArray(),
    };
  }

  /** An independent allocator in the same state, sharing its free list until one side changes. O(1). */
  clone(): FrameAllocator {
    const range = { firstPfn: this.firstPfn, endPfn: this.endPfn, nextPfn: this.nextPfn, freePfns: [] };
    return new FrameAllocator(range, this.freeFrames.clone());
  }

  /**
   * Adds what this allocator holds to `footprint`, parts shared with allocators counted before it
   * once (tests and figures).
   */
  countInto(footprint: Footprint): void {
    this.freeFrames.countInto(footprint);
  }

  /** One past the highest frame the bump pointer has handed out (frames from here on never were). */
  handedOutEnd(): number {
    return this.nextPfn;
  }

  /** Frames that can still be handed out. */
  available(): number {
    return this.endPfn - this.nextPfn + this.freeFrames.size;
  }

  /** Frames that can still be handed out into a RAM of `frameCount` frames (none past its end). */
  availableIn(frameCount: number): number {
    return this.freeFrames.size + Math.max(0, Math.min(this.endPfn, frameCount) - this.nextPfn);
  }

  /** Whether this frame is currently handed out by this allocator. */
  isAllocated(pfn: number): boolean {
    return pfn >= this.firstPfn && pfn < this.nextPfn && !this.freeFrames.has(pfn);
  }

  /** `alloc_4k`: a zeroed frame, or an error when none is left (nothing changes then). */
  alloc(ram: Ram): Result<PhysAddr, AllocError> {
    let pfn: number;
    if (this.freeFrames.size > 0) pfn = this.freeFrames.pop();
    else if (this.nextPfn < this.endPfn && this.nextPfn < ram.frameCount) pfn = this.nextPfn++;
    else {
      return err(
        "out-of-frames",
        `The frame allocator is out of frames (${this.endPfn - this.firstPfn} frames in its range are all in use).`,
      );
    }
    ram.zeroFrame(pfn);
    return ok((pfn * FRAME_SIZE) as PhysAddr);
  }

  /** `free_4k`: gives a frame back. Freeing a frame that is not handed out is an error. */
  free(pa: PhysAddr | number): Result<void, AllocError> {
    const pfn = Math.floor(pa / FRAME_SIZE);
    if (pa % FRAME_SIZE !== 0 || !this.isAllocated(pfn)) {
      return err("not-allocated", `Frame 0x${pa.toString(16)} was not allocated by the frame allocator.`);
    }
    this.freeFrames.push(pfn);
    return ok(undefined);
  }

  /**
   * Puts the allocator back to an earlier state (used to undo a failed multi-step operation): a
   * `clone()` taken before, in O(1), or a `state()`, rebuilt in time proportional to its list.
   */
  restore(from: FrameAllocator | AllocatorState): void {
    if (from.firstPfn !== this.firstPfn || from.endPfn !== this.endPfn)
      throw new RangeError("restore from another allocator");
    if (from instanceof FrameAllocator) {
      this.nextPfn = from.nextPfn;
      this.freeFrames = from.freeFrames.clone();
    } else {
      if (!(from.nextPfn >= this.firstPfn && from.nextPfn <= this.endPfn))
        throw new RangeError(`allocator state with next frame ${from.nextPfn} outside its range`);
      this.freeFrames = this.freeFramesOf(from);
      this.nextPfn = from.nextPfn;
    }
  }

  /** Free without the membership check, for callers that know the frame is theirs (hot unmap path). */
  freeTrusted(pfn: number): void {
    this.freeFrames.push(pfn);
  }

  /** The free stack of `state`, its bitmap covering every frame this allocator can hand out. */
  private freeFramesOf(state: AllocatorState): FreeFrames {
    const limit = Math.max(state.nextPfn, Math.min(this.endPfn, MAX_FRAMES));
    return FreeFrames.of(this.firstPfn, state.nextPfn, limit, state.freePfns);
  }
}
