import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS } from "./scripts/find-chromium.mjs";

// scripts/run-playwright.mjs finds a Chromium and passes it here; Playwright never downloads browsers.
const chromiumPath =
  process.env["PAGEWALK_CHROMIUM_PATH"] ??
  process.env["PLAYWRIGHT_CHROMIUM_PATH"] ??
  process.env["CHROMIUM_PATH"] ??
  (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

const isCI = Boolean(process.env["CI"]);
/** The preview server's port; PAGEWALK_E2E_PORT moves it (two checkouts testing side by side). */
const port = Number(process.env["PAGEWALK_E2E_PORT"] ?? 4173);
/** `npm run dev`'s server, on its own port so a developer's running `npm run dev` is left alone. */
export const devPort = Number(process.env["PAGEWALK_E2E_DEV_PORT"] ?? 5174);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: true,
  forbidOnly: isCI,
  workers: 2,
  retries: isCI ? 1 : 0,
  reporter: "list",
  // Hang guards, not speed checks: they must hold on a loaded 2-core machine (`npm test` beside two
  // busy processes), where ordinary tests take up to ~16 s (a few seconds on a quiet one) and no
  // single expectation waited over 2 s. Heavy tests (axe scans, every example) set longer limits.
  timeout: 60_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL: `http://localhost:${port}`,
    // A failed test's last screen; the screens to look at are saved by the specs themselves
    // (e2e/artifacts.ts `shot`). One after every test cost ~0.5 s each, over a minute of the run.
    screenshot: "only-on-failure",
    // A trace is recorded when a failed test is retried (CI retries once): recording one for every
    // test, to keep only the failures', took a third of the run (a DOM snapshot of the ~3,000-element
    // page at each action). Locally, `npm run test:e2e -- --trace on` records them all.
    trace: "on-first-retry",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          ...(chromiumPath ? { executablePath: chromiumPath } : {}),
          args: [...CHROMIUM_ARGS],
        },
      },
    },
  ],
  // Serves the production build (npm test runs `npm run build` before the e2e tests), and the dev
  // server that `npm run dev` starts (e2e/dev-server.spec.ts: the development build, React's warnings).
  webServer: [
    {
      command: `npx vite preview --port ${port} --strictPort`,
      url: `http://localhost:${port}`,
      reuseExistingServer: !isCI,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: `npx vite --port ${devPort} --strictPort`,
      url: `http://localhost:${devPort}`,
      reuseExistingServer: !isCI,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
