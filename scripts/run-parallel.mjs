#!/usr/bin/env node
// Runs npm scripts side by side and fails when any of them fails: `npm test` runs the static checks
// (typecheck, lint, format) this way. Each is one process that keeps about one core busy, and the
// machine CI runs on has two: one after the other they took ~130 s, side by side ~85 s.
//
// Each script's output is printed whole when it ends (under its name and how long it took), so the
// outputs do not interleave; a failed one's output is printed last, closest to the exit.
import { spawn } from "node:child_process";

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error("run-parallel: name the npm scripts to run, e.g. `run-parallel.mjs typecheck lint`");
  process.exit(2);
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const children = [];

function run(script) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(npm, ["run", "--silent", script], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    const output = [];
    child.stdout.on("data", (chunk) => output.push(chunk));
    child.stderr.on("data", (chunk) => output.push(chunk));
    const finish = (code, error) =>
      resolve({
        script,
        code,
        ok: code === 0,
        seconds: ((Date.now() - started) / 1000).toFixed(1),
        text: Buffer.concat(output).toString() + (error ? `${error.message}\n` : ""),
      });
    child.on("error", (error) => finish(1, error));
    child.on("close", (code) => finish(code ?? 1));
  });
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
    process.exit(1);
  });
}

const results = await Promise.all(scripts.map(run));
const failed = results.filter((r) => !r.ok);
for (const r of [...results.filter((r) => r.ok), ...failed]) {
  const outcome = r.ok ? "passed" : `FAILED (exit code ${r.code})`;
  console.log(`\n> npm run ${r.script}: ${outcome} in ${r.seconds} s`);
  if (r.text.trim() !== "") process.stdout.write(r.text.endsWith("\n") ? r.text : `${r.text}\n`);
}
if (failed.length > 0) {
  console.error(`\nrun-parallel: ${failed.map((r) => r.script).join(", ")} failed`);
  process.exit(1);
}
