/**
 * What hostile inputs cost the command-line tool, as a person runs it (a process of its own, its
 * peak resident memory read by the process itself at exit):
 * - `pagewalk mappings` on a PML4 whose 512 entries point to itself: 1,000,000 leaves (the listing's
 *   limit), 51 MiB of text (124 MiB of JSON) piped to a reader; peak memory and time;
 * - `pagewalk scenario` on a 257 MiB raw dump whose tables reach 65,536 full frames
 *   (src/core/__fixtures__/full-tables-dump.ts, written here): time and peak memory until its
 *   refusal (the tables hold 33,554,432 entries, a scenario at most 1,048,576). Median of 3.
 *
 * The tool is bundled with esbuild and run by plain node (no tsx), so the figure is the tool's own.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeFullTablesImage } from "../src/core/__fixtures__/full-tables-dump";

const root = process.cwd();
const outDir = path.join(root, "node_modules", ".bench");
const dir = mkdtempSync(path.join(tmpdir(), "pagewalk-hostile-"));

/** `src/cli/main.ts` as one node bundle, and a preload that writes the peak RSS when it exits. */
function buildCli(): { cli: string; preload: string } {
  const cli = path.join(outDir, "pagewalk-cli.mjs");
  const built = spawnSync(
    path.join(root, "node_modules", ".bin", "esbuild"),
    [
      path.join("src", "cli", "main.ts"),
      "--bundle",
      "--platform=node",
      "--format=esm",
      `--outfile=${cli}`,
      "--log-level=warning",
    ],
    { cwd: root, stdio: "inherit" },
  );
  if (built.status !== 0) throw new Error("could not bundle the CLI");
  const preload = path.join(outDir, "peak-rss.cjs");
  writeFileSync(
    preload,
    `process.on("exit", () => require("node:fs").writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));\n`,
  );
  return { cli, preload };
}

interface Run {
  readonly code: number | null;
  readonly stdoutBytes: number;
  readonly stderr: string;
  readonly ms: number;
  readonly peakMiB: number;
}

/** Runs the CLI with its stdout piped to this process, which reads it and keeps only the count. */
async function runCli(tool: { cli: string; preload: string }, args: readonly string[]): Promise<Run> {
  const peakFile = path.join(dir, "peak-rss");
  const t0 = performance.now();
  const child = spawn(process.execPath, ["--require", tool.preload, tool.cli, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PEAK_RSS_FILE: peakFile },
  });
  let stdoutBytes = 0;
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdoutBytes += d.length));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const ms = performance.now() - t0;
  const peakMiB = Number(readFileSync(peakFile, "utf8")) / 1024;
  return { code, stdoutBytes, stderr, ms, peakMiB };
}

const tool = buildCli();
try {
  const self = new Uint8Array(0x2000);
  const view = new DataView(self.buffer);
  for (let i = 0; i < 512; i++) view.setBigUint64(0x1000 + 8 * i, 0x1067n, true); // PML4[i] → the PML4
  const image = path.join(dir, "self.raw");
  writeFileSync(image, self);
  for (const [label, flags] of [
    ["", []],
    [" --json", ["--json"]],
  ] as const) {
    const r = await runCli(tool, ["mappings", "--memory", image, "--cr3", "0x1000", ...flags]);
    if (r.code !== 0 || !r.stderr.includes("more than 1,000,000 leaves"))
      throw new Error(`mappings${label} failed: ${r.stderr}`);
    const name = `cli mappings${label} 1,000,000 leaves (self-referencing PML4, ${(r.stdoutBytes / 2 ** 20).toFixed(0)} MiB piped)`;
    console.log(`${name} peak memory: ${r.peakMiB.toFixed(0)} MiB`);
    console.log(`${name}: ${r.ms.toFixed(0)} ms`);
  }

  const full = writeFullTablesImage(path.join(dir, "full-tables.raw"));
  const runs: Run[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await runCli(tool, ["scenario", "--memory", full, "--cr3", "0x100000"]);
    if (
      r.code !== 1 ||
      !/^pagewalk: the page tables reachable from CR3 hold more than 1,048,576/.test(r.stderr)
    )
      throw new Error(`scenario did not refuse the 65,536-frame dump: ${r.stderr}`);
    if (i > 0) runs.push(r); // the first run warms the file cache
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
  const name = "cli scenario on a dump whose tables reach 65,536 full frames, until its refusal";
  console.log(`${name}: ${median(runs.map((r) => r.ms)).toFixed(0)} ms`);
  console.log(`${name} peak memory: ${median(runs.map((r) => r.peakMiB)).toFixed(0)} MiB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
