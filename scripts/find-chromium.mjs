// Finds a Chromium for Playwright (which must never download its own browser here): $PLAYWRIGHT_CHROMIUM_PATH,
// $CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser, then a browser Playwright installed itself.
// Shared by the e2e runner and the browser benchmark.
import { accessSync, constants as fsConstants } from "node:fs";

/**
 * The flags every headless Chromium here needs (no sandbox as root, no GPU, no background traffic),
 * and two processes a test never uses, each started for every browser context (every test):
 * - the address bar's WebUI popup (chrome://omnibox-popup.top-chrome), a renderer of its own that
 *   loads with each new window and works again at each navigation: on the 2-core machine it cost
 *   ~0.8 s of CPU a new page and ~1.5 s a first load of the app, more than the app's own renderer;
 * - the spare renderer Chromium starts ahead of the next navigation (~0.15 s a page).
 * Without them a new page and the app's first load cost 1.9 s of CPU instead of 4.4 s. Chromium
 * merges these `--disable-features` with Playwright's own; names it does not know are ignored.
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,SpareRendererForSitePerProcess",
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
