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
const port = 4173;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: true,
  forbidOnly: isCI,
  workers: 2,
  retries: isCI ? 1 : 0,
  reporter: "list",
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL: `http://localhost:${port}`,
    screenshot: "on",
    trace: "retain-on-failure",
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
  // Serves the production build (npm test runs `npm run build` before the e2e tests).
  webServer: {
    command: `npx vite preview --port ${port} --strictPort`,
    url: `http://localhost:${port}`,
    reuseExistingServer: !isCI,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
