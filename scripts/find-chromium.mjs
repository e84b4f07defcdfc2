// Finds a Chromium for Playwright (which must never download its own browser here): $PLAYWRIGHT_CHROMIUM_PATH,
// $CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser, then a browser Playwright installed itself.
// Shared by the e2e runner and the browser benchmark.
import { accessSync, constants as fsConstants } from "node:fs";

/** The flags every headless Chromium here needs (no sandbox as root, no GPU, no background traffic). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

function isExecutable(file) {
  try {
    accessSync(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function playwrightOwnChromium() {
  try {
    const { chromium } = await import("playwright-core");
    const file = chromium.executablePath();
    return file && isExecutable(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

export async function findChromium() {
  for (const name of ["PLAYWRIGHT_CHROMIUM_PATH", "CHROMIUM_PATH"]) {
    const value = process.env[name];
    if (!value) continue;
    if (isExecutable(value)) return { file: value, source: `$${name}` };
    console.error(`run-playwright: ignoring $${name}=${value} (not an executable file)`);
  }
  for (const file of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (isExecutable(file)) return { file, source: "system" };
  }
  const own = await playwrightOwnChromium();
  return own ? { file: own, source: "Playwright install" } : undefined;
}
