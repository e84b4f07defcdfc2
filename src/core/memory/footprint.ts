/**
 * What a set of states holds in memory together, each shared part counted once: undo keeps 200
 * machine states that share most of their RAM and allocator, so the cost of a step is what the
 * parts it does not share add up to. Tests assert on it (a count of structure, not a timing) and
 * `npm run bench` prints it beside the heap figures.
 */
export class Footprint {
  /** Bytes counted so far. */
  bytes = 0;
  private readonly seen = new Set<object>();
  private readonly members = new Map<object, Set<number>>();

  /** Counts `bytes` for `part` unless it was counted already; true when it is new. */
  add(part: object, bytes: number): boolean {
    if (this.seen.has(part)) return false;
    this.seen.add(part);
    this.bytes += bytes;
    return true;
  }

  /** Counts `bytes` for member `key` of `owner` (a frame slot of an arena) unless counted already. */
  addMember(owner: object, key: number, bytes: number): void {
    let keys = this.members.get(owner);
    if (keys === undefined) {
      keys = new Set<number>();
      this.members.set(owner, keys);
    }
    if (keys.has(key)) return;
    keys.add(key);
    this.bytes += bytes;
  }
}
