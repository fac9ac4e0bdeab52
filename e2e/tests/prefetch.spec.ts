// The first requests leave from src/prefetch.js before the wasm starts; the
// app takes their answers over, so each task still costs its minimum.
import { expect, test, type Page } from "./fixtures";
import { control, jobsTable, PRODUCTION, rowHeader, stats, TOKEN } from "./helpers";

async function storeToken(page: Page, apiUrl = "/api/3") {
  await page.addInitScript(
    ([token, url]) => {
      window.localStorage.setItem("jobdeck.token", token);
      window.localStorage.setItem("jobdeck.api_url", url);
    },
    [TOKEN, apiUrl],
  );
}

const prefetched = (page: Page) =>
  page.evaluate(() => {
    const store = (window as unknown as { __jobdeckPrefetch?: object | null }).__jobdeckPrefetch;
    return store === undefined ? "none" : Object.keys(store ?? {});
  });

test.beforeEach(async ({ request }) => {
  await control(request, "reset");
});

test("a cold load sends the stack list and the jobs page once, from the loader", async ({ page, request }) => {
  await storeToken(page);
  await page.goto(`/stacks/${PRODUCTION}/jobs?page=2`);
  await expect(rowHeader(page, "job-031")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acme Production (production)");
  const routes = (await stats(request)).routes;
  expect(routes["GET /stacks"]).toBe(1);
  expect(routes["GET /stacks/{stack}/jobs"]).toBe(1);
  // Both answers were taken over by the app.
  expect(await prefetched(page)).toEqual([]);
});

test("a prefetched answer that fails is handled like the app's own", async ({ page, request }) => {
  await storeToken(page);
  await control(request, "faults", { kind: "401", route: "GET /stacks/{stack}/jobs" });
  await page.goto(`/stacks/${PRODUCTION}/jobs`);
  await expect(page.getByRole("alert")).toContainText("The API rejected the token (401). Sign in again.");
  await expect(page.getByLabel("API token")).toBeVisible();
});

test("a search starts from page 1, which the loader asks for", async ({ page, request }) => {
  await storeToken(page);
  await page.goto(`/stacks/${PRODUCTION}/jobs?q=job-07`);
  await expect(page.getByText("Showing 6 of 75 jobs")).toBeVisible();
  expect((await stats(request)).routes["GET /stacks/{stack}/jobs"]).toBe(3);
});

test("nothing is prefetched for an API on another origin or without a token", async ({ page, violations }) => {
  await storeToken(page, "https://api.example.invalid/api/3");
  await page.goto(`/stacks/${PRODUCTION}/jobs`);
  expect(await prefetched(page)).toBe("none");
  const fresh = await page.context().newPage();
  await fresh.goto("/");
  await fresh.evaluate(() => window.localStorage.clear());
  await fresh.reload();
  await expect(fresh.getByLabel("API token")).toBeVisible();
  expect(await prefetched(fresh)).toBe("none");
  await expect(jobsTable(fresh)).toHaveCount(0);
  // The app's own requests to the other origin are what the CSP's connect-src
  // is for: blocked, and reported. Nothing else may be.
  await page.close();
  await fresh.close();
  const others = violations.filter((v) => !/connect-src|Refused to connect|Fetch API cannot load/.test(v) || !v.includes("api.example.invalid"));
  expect(others).toEqual([]);
  violations.splice(0);
});
