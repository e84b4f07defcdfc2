/** Runs `pagewalk` in-process, as the CLI tests do: the exit code and everything it printed. */
import { main } from "../cli";

export function run(...argv: string[]): { code: number; stdout: string; stderr: string } {
  return runWithStdin(undefined, ...argv);
}

/** `run` with `stdin` as the process's standard input (undefined: none given). */
export function runWithStdin(
  stdin: string | undefined,
  ...argv: string[]
): { code: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const code = main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    ...(stdin === undefined ? {} : { stdin: () => stdin }),
  });
  return { code, stdout, stderr };
}
