/**
 * The command-line tool end to end: `npm run --silent pagewalk -- translate --json` of 100 VAs on a
 * 256 MiB raw dump (the Linux tables written at their physical addresses into a sparse file), as a
 * person runs it, process start included. Median of 5.
 *
 * And `pagewalk scenario` (finding the tables in that dump and writing them as a scenario file),
 * called in this process so the figure is the command's own work. Median of 5.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../src/cli/cli";
import { goldenRegisterArgs, writeGoldenImage } from "../src/core/__fixtures__/golden";
import { loadLinux } from "./linux-fixture";
import { medianMs } from "./measure";

const { regs, golden } = loadLinux();
const dir = mkdtempSync(path.join(tmpdir(), "pagewalk-bench-"));
const image = path.join(dir, "linux-256m.raw");
writeGoldenImage(golden, image);

const vas = golden.cases.map((c) => c.va).slice(0, 100);
while (vas.length < 100) vas.push(`0x${(0xffff888000000000n + BigInt(vas.length) * 0x1000n).toString(16)}`);
const args = [
  "run",
  "--silent",
  "pagewalk",
  "--",
  "translate",
  "--memory",
  image,
  "--cr3",
  `0x${regs.cr3.toString(16)}`,
  "--cr4",
  `0x${regs.cr4.toString(16)}`,
  "--json",
  ...vas,
];
const times: number[] = [];
let scenarioMs: number;
try {
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const r = spawnSync("npm", args, { encoding: "utf8" });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`pagewalk translate failed: ${r.stderr}`);
    if ((JSON.parse(r.stdout) as unknown[]).length !== 100) throw new Error("expected 100 results");
    if (i > 0) times.push(ms); // the first run warms the file cache
  }
  const out = path.join(dir, "linux.json");
  const scenario = (): void => {
    let stderr = "";
    const argv = ["scenario", "--memory", image, ...goldenRegisterArgs(golden), "--out", out];
    const code = main(argv, { stdout: () => undefined, stderr: (t) => (stderr += t) });
    if (code !== 0) throw new Error(`pagewalk scenario failed: ${stderr}`);
  };
  scenarioMs = medianMs(scenario, 5);
  if (!readFileSync(out, "utf8").includes('"format": "pagewalk-scenario"'))
    throw new Error("no scenario written");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
times.sort((a, b) => a - b);
console.log(`cli translate 100 VAs on a 256 MiB dump: ${(times[times.length >> 1] as number).toFixed(0)} ms`);
console.log(`cli scenario from a 256 MiB dump (in process): ${scenarioMs.toFixed(0)} ms`);
