// End-to-end tests: the release build behind nginx (deploy/nginx) in front of
// the sandbox, started by `cargo xtask test`, which sets the E2E_* variables.
import { defineConfig } from "@playwright/test";
import { CHROMIUM } from "./chromium.mjs";

export default defineConfig({
  testDir: "./tests",
  // One sandbox holds the state of every test: run them one at a time, each
  // starting from a reset sandbox.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    ["list"],
    ["json", { outputFile: process.env.E2E_JSON_REPORT ?? "../target/e2e/results.json" }],
  ],
  outputDir: "../target/e2e/artifacts",
  use: {
    baseURL: process.env.E2E_BASE_URL,
    headless: true,
    screenshot: "only-on-failure",
    launchOptions: CHROMIUM,
  },
});
