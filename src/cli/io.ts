/**
 * Where the command line writes: the real stdout/stderr in `main.ts`, strings in the tests. Its own
 * file so that every command can take it without importing the dispatcher that calls it.
 */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}
