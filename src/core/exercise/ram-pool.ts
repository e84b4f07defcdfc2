/**
 * RAM for exercise machines, forked from one empty template so that they share one frame arena.
 * A `new Ram` sets up an arena of its own (a quarter of a MiB, zeroed), which made that setup most
 * of an exercise's cost; a fork costs a slot map. Frames of machines that are gone are given back
 * by `Ram.collectGarbage`, which must see every RAM of the arena that will be read again: the
 * template and the machines the checker keeps (`exercise-walk.ts`). Generating and checking never
 * nest, so at the start of either nothing else of the arena is still in use.
 */
import { Ram } from "../memory";

/** 2 MiB: room for every table an exercise builds, small enough to list on a worksheet. */
export const EXERCISE_RAM_BYTES = 2 * 1024 * 1024;

/** Made on first use: a page that never opens an exercise never pays for its arena. */
let template: Ram | null = null;

/** A fresh, empty RAM of `bytes` (from the shared arena when it is the exercises' size). */
export function exerciseRam(bytes = EXERCISE_RAM_BYTES, keep: readonly Ram[] = []): Ram {
  if (bytes !== EXERCISE_RAM_BYTES) return new Ram(bytes);
  template ??= new Ram(EXERCISE_RAM_BYTES);
  Ram.collectGarbage([template, ...keep]);
  return template.fork();
}
