/**
 * The seed's `FrameAlloc`: hands out zeroed 4 KiB frames for page tables and takes them back.
 *
 * A bump pointer over a range of frames plus a stack of freed frames (reused first, like the C
 * baseline). Running out is a typed error that changes nothing. The allocator is part of the
 * machine state, so `clone()` is cheap and undo can keep old allocators.
 */
import type { PhysAddr } from "../arch";
import { FRAME_SIZE } from "./physical-memory";
import type { Footprint } from "./footprint";
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

export class FrameAllocator {
  readonly firstPfn: number;
  readonly endPfn: number;
  private nextPfn: number;
  private readonly freeStack: number[];
  /** The free stack's frames as a set: `isAllocated` runs once per table an unmap frees. */
  private readonly freeSet: Set<number>;

  constructor(state: AllocatorState) {
    if (!(state.firstPfn >= 0 && state.firstPfn <= state.nextPfn && state.nextPfn <= state.endPfn)) {
      throw new RangeError(
        `inconsistent allocator range ${state.firstPfn} ≤ ${state.nextPfn} ≤ ${state.endPfn}`,
      );
    }
    this.firstPfn = state.firstPfn;
    this.endPfn = state.endPfn;
    this.nextPfn = state.nextPfn;
    this.freeStack = [...state.freePfns];
    this.freeSet = new Set(this.freeStack);
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
      freePfns: [...this.freeStack],
    };
  }

  clone(): FrameAllocator {
    return new FrameAllocator(this.state());
  }

  /**
   * Adds what this allocator holds to `footprint`, parts shared with allocators counted before it
   * once (tests and figures). Its free list counts 4 bytes a frame, a lower bound.
   */
  countInto(footprint: Footprint): void {
    footprint.add(this.freeStack, 4 * this.freeStack.length);
    footprint.add(this.freeSet, 4 * this.freeSet.size);
  }

  /** Frames that can still be handed out. */
  available(): number {
    return this.endPfn - this.nextPfn + this.freeStack.length;
  }

  /** Whether this frame is currently handed out by this allocator. */
  isAllocated(pfn: number): boolean {
    return pfn >= this.firstPfn && pfn < this.nextPfn && !this.freeSet.has(pfn);
  }

  /** `alloc_4k`: a zeroed frame, or an error when none is left (nothing changes then). */
  alloc(ram: Ram): Result<PhysAddr, AllocError> {
    let pfn: number;
    if (this.freeStack.length > 0) {
      pfn = this.freeStack.pop() as number;
      this.freeSet.delete(pfn);
    } else if (this.nextPfn < this.endPfn && this.nextPfn < ram.frameCount) pfn = this.nextPfn++;
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
    this.freeStack.push(pfn);
    this.freeSet.add(pfn);
    return ok(undefined);
  }

  /** Puts the allocator back to an earlier `state()` (used to undo a failed multi-step operation). */
  restore(state: AllocatorState): void {
    if (state.firstPfn !== this.firstPfn || state.endPfn !== this.endPfn)
      throw new RangeError("restore from another allocator");
    this.nextPfn = state.nextPfn;
    this.freeStack.length = 0;
    this.freeStack.push(...state.freePfns);
    this.freeSet.clear();
    for (const pfn of this.freeStack) this.freeSet.add(pfn);
  }

  /** Free without the membership check, for callers that know the frame is theirs (hot unmap path). */
  freeTrusted(pfn: number): void {
    this.freeStack.push(pfn);
    this.freeSet.add(pfn);
  }
}
