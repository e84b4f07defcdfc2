#!/usr/bin/env node
// Runs the Playwright end-to-end tests against a system Chromium (Playwright never downloads browsers here).
//
// Lookup order: $PLAYWRIGHT_CHROMIUM_PATH, $CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser,
// then a browser installed by Playwright itself (if any). The path found is handed to playwright.config.ts
// through $PAGEWALK_CHROMIUM_PATH. Extra arguments are passed to `playwright test`.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { constants } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findChromium } from "./find-chromium.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

const found = await findChromium();
if (!found) {
  console.error(
    "run-playwright: no Chromium found; install it with `apt-get install -y chromium` " +
      "(or set PLAYWRIGHT_CHROMIUM_PATH to a Chromium binary).",
  );
  process.exit(1);
}

if (!existsSync(path.join(root, "dist", "index.html"))) {
  console.error("run-playwright: dist/index.html is missing; run `npm run build` first (npm test does).");
  process.exit(1);
}

console.log(`run-playwright: using Chromium at ${found.file} (${found.source})`);

const cli = require.resolve("@playwright/test/cli");
const child = spawn(process.execPath, [cli, "test", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, PAGEWALK_CHROMIUM_PATH: found.file, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" },
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => child.kill(signal));
}

child.on("error", (error) => {
  console.error(`run-playwright: could not start Playwright: ${error.message}`);
  process.exit(1);
});

child.on("exit", (code, signal) => {
  process.exit(signal ? 128 + (constants.signals[signal] ?? 1) : (code ?? 1));
});
