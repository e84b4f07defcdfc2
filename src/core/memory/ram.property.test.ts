/**
 * RAM states forked from one another, written, zeroed and garbage-collected at random, against a
 * model that keeps a plain copy of every state: reads, touched frames (and their key) and frame
 * versions must agree with it, for the state being written and for every state kept.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FRAME_WORDS, ZERO_FRAME } from "./physical-memory";
import { Ram } from "./ram";

/** Three chunks of the slot map and a partial fourth, so writes land in several chunks. */
const FRAMES = 3 * 2048 + 100;
/** Frames near chunk edges and the ends of RAM, where a copy could go wrong. */
const EDGES = [0, 1, 2047, 2048, 2049, 4095, 4096, 6143, 6144, FRAMES - 1];

/** A state of the model: frame number → its words (absent = the zero frame). */
type Model = Map<number, Uint32Array>;

type Op =
  | { kind: "fork"; of: number }
  | { kind: "write"; of: number; frame: number; word: number; lo: number; hi: number }
  | { kind: "zero"; of: number; frame: number }
  | { kind: "burst"; of: number; frame: number }
  | { kind: "drop"; of: number };

const frame = fc.oneof(fc.constantFrom(...EDGES), fc.integer({ min: 0, max: FRAMES - 1 }));
const word32 = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2 ** 32 - 1 }));
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("fork" as const), of: fc.nat() }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("write" as const),
      of: fc.nat(),
      frame,
      word: fc.integer({ min: 0, max: FRAME_WORDS / 2 - 1 }).map((e) => 2 * e),
      lo: word32,
      hi: word32,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("zero" as const), of: fc.nat(), frame }) },
  // Hundreds of frames at once: grows the arena enough for garbage collection to run.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("burst" as const), of: fc.nat(), frame }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("drop" as const), of: fc.nat() }) },
);

function write(ram: Ram, model: Model, pfn: number, word: number, lo: number, hi: number): void {
  ram.writeWords(pfn, word, lo, hi);
  let words = model.get(pfn);
  if (words === undefined) {
    if (lo === 0 && hi === 0) return; // zeros into the zero frame: stays untouched
    words = new Uint32Array(FRAME_WORDS);
    model.set(pfn, words);
  }
  words[word] = lo;
  words[word + 1] = hi;
}

/** Throws when `ok` is false (plain checks: thousands of `expect` calls per run are too slow). */
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

function sameWords(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function expectSame(ram: Ram, model: Model): void {
  expect(ram.touchedFrames()).toEqual([...model.keys()].sort((a, b) => a - b));
  expect(ram.touchedCount()).toBe(model.size);
  for (const pfn of EDGES) {
    if (model.has(pfn)) continue;
    check(ram.readFrame(pfn) === ZERO_FRAME, `frame ${pfn} should be the zero frame`);
    check(ram.frameVersion(pfn) === 0, `frame ${pfn} should have version 0`);
  }
  const signed = ram.entryWords();
  for (const [pfn, words] of model) {
    check(sameWords(ram.readFrame(pfn) as Uint32Array, words), `frame ${pfn} differs`);
    const base = ram.entryBase(pfn);
    const entryWords = new Uint32Array(signed.buffer, signed.byteOffset + base * 4, FRAME_WORDS);
    check(sameWords(entryWords, words), `entry words of ${pfn} differ`);
  }
}

/** A RAM state in use, its model, and the committed state it was forked from (while that one is kept). */
interface State {
  readonly ram: Ram;
  readonly model: Model;
  parent: State | null;
  /** Frames written or zeroed since the fork. */
  readonly written: Set<number>;
}

function sameContents(a: Model, b: Model, pfn: number): boolean {
  const x = a.get(pfn);
  const y = b.get(pfn);
  if (x === undefined || y === undefined) return x === y;
  return sameWords(x, y);
}

/** Versions against the committed parent: new where the contents differ, the same where not written. */
function expectVersions(state: State, frames: Iterable<number>): void {
  const parent = state.parent;
  if (parent === null) return;
  for (const pfn of frames) {
    const version = state.ram.frameVersion(pfn);
    const parentVersion = parent.ram.frameVersion(pfn);
    if (!sameContents(state.model, parent.model, pfn))
      check(version !== parentVersion, `frame ${pfn} changed but kept version ${version}`);
    if (!state.written.has(pfn))
      check(version === parentVersion, `frame ${pfn} not written but has a new version`);
  }
}

/** One touched key, one set of touched frames, among the states kept. */
function expectTouchedKeys(live: readonly State[]): void {
  const touched = (m: Model): string => [...m.keys()].sort((a, b) => a - b).join(",");
  for (const a of live)
    for (const b of live)
      if (a !== b && a.ram.touchedKey() === b.ram.touchedKey())
        check(touched(a.model) === touched(b.model), "one touched key, two sets of touched frames");
}

describe("Ram against a model of every state", () => {
  it("reads, touched frames and frame versions agree across random forks, writes, zeroes and garbage collection", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 50 }), (ops) => {
        const live: State[] = [
          {
            ram: new Ram(FRAMES * 4096),
            model: new Map(),
            parent: null,
            written: new Set(),
          },
        ];
        for (const o of ops) {
          if (o.kind === "fork") {
            const state = live[o.of % live.length] as State;
            const ram = state.ram.fork();
            const model = new Map([...state.model].map(([pfn, w]) => [pfn, w.slice()]));
            check(ram.touchedKey() === state.ram.touchedKey(), "fork: touched key");
            // Forks share every frame: same versions, same content keys.
            for (const pfn of [...EDGES, ...model.keys()]) {
              check(ram.frameVersion(pfn) === state.ram.frameVersion(pfn), `fork: version of ${pfn}`);
              check(ram.frameKey(pfn) === state.ram.frameKey(pfn), `fork: content key of ${pfn}`);
            }
            live.push({ ram, model, parent: state, written: new Set() });
            continue;
          }
          if (o.kind === "drop") {
            if (live.length === 1) continue;
            const [dropped] = live.splice(o.of % live.length, 1);
            for (const s of live) if (s.parent === dropped) s.parent = null;
            Ram.collectGarbage(live.map((s) => s.ram));
            continue;
          }
          // Mostly the newest state, as in the store; any state (forked ones too) a third of the time.
          const target = (o.of % 3 === 0 ? live[o.of % live.length] : live[live.length - 1]) as State;
          // A forked state written again is no longer its forks' committed parent.
          for (const s of live) if (s.parent === target) s.parent = null;
          const frames =
            o.kind === "burst"
              ? Array.from({ length: 300 }, (_, j) => (o.frame + 7 * j) % FRAMES)
              : [o.frame];
          if (o.kind === "write") write(target.ram, target.model, o.frame, o.word, o.lo, o.hi);
          else if (o.kind === "zero") {
            target.ram.zeroFrame(o.frame);
            target.model.delete(o.frame);
          } else for (const pfn of frames) write(target.ram, target.model, pfn, 2 * (pfn % 512), pfn + 1, 0);
          for (const pfn of frames) target.written.add(pfn);
          expectVersions(target, [...frames, ...EDGES]);
          expectTouchedKeys(live);
        }
        Ram.collectGarbage(live.map((s) => s.ram));
        for (const s of live) {
          expectSame(s.ram, s.model);
          expectVersions(s, [...EDGES, ...s.model.keys(), ...(s.parent?.model.keys() ?? [])]);
        }
      }),
      { numRuns: 120 },
    );
  });
});
