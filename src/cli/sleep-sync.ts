/**
 * Sleeps the (single-threaded, synchronous) CLI for a moment: while a non-blocking descriptor it
 * shares with a parent is full (stdout) or has nothing yet (stdin, a terminal). One cell for all.
 */
const cell = new Int32Array(new SharedArrayBuffer(4));

export function sleepSync(ms: number): void {
  Atomics.wait(cell, 0, 0, ms);
}
