/**
 * Issue 13 §3: generating 1,000 exercises of one family in the command line — `pagewalk exercise
 * --family NAME --seed 1 --count 1000 --format json`, called in this process so the figure is the
 * command's own work (generation, scenarios, JSON), without Node's start. One figure per family,
 * median of 5 after a warm-up; the issue asks for at most 1 s each. The CPU time beside it is the
 * process's own (user + system): on a machine shared with other work the clock time can be
 * several times longer than the work.
 */
import { main } from "../src/cli/cli";
import { FAMILY_NAMES } from "../src/core/exercise";

const median = (values: number[]): number => values.sort((a, b) => a - b)[values.length >> 1] as number;

for (const family of FAMILY_NAMES) {
  const run = (): void => {
    let bytes = 0;
    const code = main(
      ["exercise", "--family", family, "--seed", "1", "--count", "1000", "--format", "json"],
      {
        stdout: (text) => (bytes += text.length),
        stderr: (text) => {
          throw new Error(text);
        },
      },
    );
    if (code !== 0 || bytes === 0) throw new Error(`pagewalk exercise ${family} failed`);
  };
  run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < 5; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  console.log(
    `exercise ${family} 1000 (CLI, json): ${median(wall).toFixed(2)} ms (CPU ${median(cpu).toFixed(2)} ms)`,
  );
}
