#!/usr/bin/env node
// `npm run bench`: every speed figure the issues name, one per line (`NAME: N ns/op` or `NAME: N ms`).
//
// 1. The C baseline from ../shared/bench (when gcc and that folder exist), run right before the
//    TypeScript figures because these machines are noisy: compare ratios, not absolute times.
// 2. The core hot paths (bench/core.bench.ts), bundled with esbuild and run by plain node so the
//    timing is of the code, not of a loader.
// 3. Every other bench/*.bench.ts or .tsx (enumeration, table graph, views, command-line tool, ...)
//    the same way.
// 4. The browser figures (bench/ui.bench.mjs, Playwright against the production build) when
//    dist/ exists and Chromium is found; `npm run build` first.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.join(root, "node_modules", ".bench");
mkdirSync(outDir, { recursive: true });
const only = process.argv.slice(2); // optional filters: `npm run bench -- core`

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    ...options,
  });
  if (r.error) throw r.error;
  return { status: r.status ?? 1, stdout: r.stdout ?? "" };
}

// ---- C baseline ----
const cFigures = {};
const baselineSource = path.resolve(root, "..", "shared", "bench", "walk-baseline.c");
if (
  (only.length === 0 || only.includes("c")) &&
  existsSync(baselineSource) &&
  run("gcc", ["--version"]).status === 0
) {
  const bin = path.join(outDir, "walk-baseline");
  if (run("gcc", ["-O2", "-o", bin, baselineSource]).status === 0) {
    const out = run(bin, ["2000000", "5", "7"]).stdout;
    for (const line of out.split("\n")) {
      if (!line.startsWith("{")) continue;
      const r = JSON.parse(line);
      if (typeof r.ns !== "number") continue;
      cFigures[r.op] = r.ns;
      const name = { translate_rand: "translate random", translate_seq: "translate sequential" }[r.op];
      if (name) console.log(`C baseline ${name}: ${r.ns.toFixed(1)} ns/op`);
      else
        console.log(`C baseline ${r.op.replace("_", " 262144 4K ")}: ${((r.ns * r.n) / 1e6).toFixed(2)} ms`);
    }
  }
} else if (only.length === 0) {
  console.log("(C baseline skipped: needs gcc and ../shared/bench/walk-baseline.c)");
}

/**
 * The translate ratio. The machine's speed drifts by a third within a minute, so one C run and one
 * JS run minutes apart say little: the ratio is the median of three pairs, each a C run right
 * before a JS run of the translate figure alone.
 */
function printTranslateRatio(bundle, firstStdout) {
  const figure = (stdout) => Number(/translate random: ([\d.]+) ns\/op/.exec(stdout)?.[1] ?? NaN);
  const bin = path.join(outDir, "walk-baseline");
  const ratios = [figure(firstStdout) / cFigures.translate_rand];
  for (let k = 0; k < 2; k++) {
    const c = run(bin, ["2000000", "5", "1"])
      .stdout.split("\n")
      .find((l) => l.includes('"translate_rand"'));
    const js = run(process.execPath, [bundle], { env: { ...process.env, BENCH_TRANSLATE_ONLY: "1" } }).stdout;
    if (c) ratios.push(figure(js) / JSON.parse(c).ns);
  }
  const valid = ratios.filter(Number.isFinite).sort((a, b) => a - b);
  if (valid.length === 0) return;
  const median = valid[valid.length >> 1];
  console.log(
    `translate random vs C: ${median.toFixed(2)} x (median of ${valid.length} back-to-back pairs: ${valid.map((x) => x.toFixed(2)).join(", ")})`,
  );
}

// ---- TypeScript benches ----
const benches = readdirSync(path.join(root, "bench"))
  .filter((f) => /\.bench\.tsx?$/.test(f))
  .sort((a, b) => (a === "core.bench.ts" ? -1 : b === "core.bench.ts" ? 1 : a.localeCompare(b)))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)));
const esbuild = path.join(root, "node_modules", ".bin", "esbuild");
let failed = false;
for (const file of benches) {
  const bundle = path.join(outDir, file.replace(/\.tsx?$/, ".mjs"));
  const built = run(esbuild, [
    path.join("bench", file),
    "--bundle",
    "--platform=node",
    "--format=esm",
    `--outfile=${bundle}`,
    "--log-level=warning",
    // The views' figures: React's production build, as the app ships, and no stylesheets in node;
    // react-dom/server is CommonJS that requires node's built-ins, which an ES module must provide.
    '--define:process.env.NODE_ENV="production"',
    "--loader:.css=empty",
    "--banner:js=import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  ]);
  if (built.status !== 0) {
    console.error(`bench: could not build ${file}`);
    failed = true;
    continue;
  }
  const r = run(process.execPath, ["--expose-gc", bundle]);
  process.stdout.write(r.stdout);
  if (r.status !== 0) {
    console.error(`bench: ${file} failed (exit ${r.status})`);
    failed = true;
  }
  if (file === "core.bench.ts" && cFigures.translate_rand) printTranslateRatio(bundle, r.stdout);
}

// ---- browser figures ----
const uiBench = path.join(root, "bench", "ui.bench.mjs");
if (existsSync(uiBench) && (only.length === 0 || only.includes("ui"))) {
  if (!existsSync(path.join(root, "dist", "index.html"))) {
    console.log("(browser figures skipped: run `npm run build` first)");
  } else {
    const r = run(process.execPath, [uiBench]);
    process.stdout.write(r.stdout);
    if (r.status !== 0) failed = true;
  }
}
process.exit(failed ? 1 : 0);
