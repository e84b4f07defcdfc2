/** Runs `pagewalk` in-process, as the CLI tests do: the exit code and everything it printed. */
import { main } from "../cli";

export function run(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const code = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}
