/** Timing for the bench/*.bench.ts figures: a figure is printed, never checked against a limit. */

/** The middle value (the upper one of an even count). */
export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
}

/** The median of `repeats` timed calls after `warmup` untimed ones, in milliseconds. */
export function medianMs(run: () => unknown, repeats: number, warmup = 1): number {
  for (let i = 0; i < warmup; i++) run();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Prints `NAME: N ms`, the median of `repeats` calls (see `medianMs`). */
export function printFigure(name: string, run: () => unknown, repeats: number, warmup = 1): void {
  console.log(`${name}: ${medianMs(run, repeats, warmup).toFixed(2)} ms`);
}

/**
 * Prints two figures for `run`: `NAME: N ms`, the median of 20 calls after the first, and
 * `NAME (first call): N ms`. `run` returns how many things it handled; nothing handled is an error
 * (the figure would time an empty input).
 */
export function printWarmAndFirst(name: string, run: () => number): void {
  const t0 = performance.now();
  const count = run();
  const first = performance.now() - t0;
  console.log(`${name}: ${medianMs(run, 20, 0).toFixed(2)} ms`);
  console.log(`${name} (first call): ${first.toFixed(2)} ms`);
  if (count <= 0) throw new Error(`${name}: nothing handled`);
}
