// Shared steps: talk to the sandbox's controls and find things on the page
// by role and accessible name (the names of /work/shared/UI-CONTRACT.md).
import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";

export const SANDBOX = process.env.E2E_SANDBOX_URL ?? "http://127.0.0.1:8787";
export const TOKEN = process.env.E2E_TOKEN ?? "jobdeck-dev-token";

export const PRODUCTION = "5999b763474b0eafa5fafb64bff0ba80";
export const STAGING = "a0db7932995ade53c3fd1d447b8856ec";
export const DOCS_SAMPLE = "8ab47fb3576b0dc659d0b5238295db86";
export const EMPTY = "bf0270b70fc8ab2e7ef08650893dbfaa";
export const BATCH = "2ce268f297044c5cb1a3dcc2e8e7cc66";

export const JOB = {
  dbBackup: "98ee5a9b93919d9b63bd5377636675bd",
  reportThatFails: "9cd03c441dd688ae21dae87b1a25a91a",
  cacheWarmup: "52158cc84c88574edb5a27b25976cd82",
};

/** The route key the sandbox's stats use for a POST on one job. */
export const jobRoute = (verb: "run_now" | "pause" | "unpause") =>
  `POST /stacks/{stack}/jobs/{job}/${verb}`;

/** POST to a sandbox control (`reset`, `faults`, `config`, `latency`, `revoke`). */
export async function control(request: APIRequestContext, name: string, body: object = {}) {
  const response = await request.post(`${SANDBOX}/__sandbox/${name}`, { data: body });
  expect(response.ok(), `sandbox control ${name}`).toBeTruthy();
  return response.json();
}

export type Stats = {
  total: number;
  preflight: number;
  routes: Record<string, number>;
  /** By method, path and page, e.g. "GET /stacks/{uid}/jobs?page=2". */
  paths: Record<string, number>;
};

/** Requests the sandbox received since the last reset, by "METHOD /route". */
export async function stats(request: APIRequestContext): Promise<Stats> {
  const response = await request.get(`${SANDBOX}/__sandbox/stats`);
  expect(response.ok()).toBeTruthy();
  return response.json();
}

/** How many requests of one route the sandbox has seen since the last reset. */
export async function routeCount(request: APIRequestContext, route: string): Promise<number> {
  return (await stats(request)).routes[route] ?? 0;
}

/**
 * Fixes the browser's clock at `at`, with the sandbox's stated clock set to
 * agree: the app reads the API's `Date` and takes up the API's clock when the
 * two differ by more than a minute (issue 30), so a fixed clock alone would
 * be corrected back to today. Call it after a reset (which sets the sandbox's
 * clock back). The sandbox's clock goes on from `at` while the browser's
 * stands still: a test has about a minute before they disagree.
 */
export async function fixClock(page: Page, request: APIRequestContext, at: Date | string) {
  const time = new Date(at);
  await control(request, "clock", { offset_ms: time.getTime() - Date.now() });
  await page.clock.setFixedTime(time);
}

/** Signs in through the form, on whatever URL the page is at. */
export async function signIn(page: Page, { remember = true }: { remember?: boolean } = {}) {
  await page.getByLabel("API token").fill(TOKEN);
  const box = page.getByLabel("Remember on this device");
  if ((await box.isChecked()) !== remember) await box.click();
  await page.getByRole("button", { name: "Save token" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Opens a stack's jobs page signed in, and waits for the table. */
export async function openJobs(page: Page, stack = PRODUCTION, query = "") {
  await page.goto(`/stacks/${stack}/jobs${query}`);
  await signIn(page);
  await expect(jobsTable(page)).toBeVisible();
}

export const jobsTable = (page: Page) => page.getByRole("table", { name: "Jobs" });
export const pager = (page: Page) => page.getByRole("navigation", { name: "Pagination" });
export const activity = (page: Page) => page.getByRole("log", { name: "Activity" });
export const quota = (page: Page) => page.getByRole("status", { name: "API quota" });
/** The header's Stack control (exact: "All jobs of this stack" is a label too). */
export const stackPicker = (page: Page) => page.getByLabel("Stack", { exact: true });

/** The quota meter's text holds exactly `remaining / limit`. */
export async function expectQuota(page: Page, remaining: number, limit: number, timeout?: number) {
  await expect(quota(page)).toHaveText(new RegExp(`(^|\\D)${remaining} / ${limit}(\\D|$)`), { timeout });
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A job's row header: named by the job's name, followed by " Paused" when the
 * job shows the Paused badge.
 */
export function rowHeader(page: Page, name: string, { paused }: { paused?: boolean } = {}) {
  return jobsTable(page).getByRole("rowheader", { name: rowHeaderName(name, paused) });
}

function rowHeaderName(name: string, paused?: boolean) {
  const suffix = paused === undefined ? "( Paused)?" : paused ? " Paused" : "";
  return new RegExp(`^${escapeRegExp(name)}${suffix}$`);
}

/** The table row of the job with this exact name (paused or not). */
export function row(page: Page, name: string) {
  // `has` is looked for inside each row, so it starts from the page, not the table.
  return jobsTable(page)
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: rowHeaderName(name) }) });
}

/** Every row header showing the Paused badge. */
export function pausedRowHeaders(page: Page) {
  return jobsTable(page).getByRole("rowheader", { name: / Paused$/ });
}

/** The cell of a row under the column header with this name. */
export async function cell(page: Page, jobRow: Locator, column: string): Promise<Locator> {
  // Every cell of the header row, the selection column's (not a column header) included.
  const headers = await jobsTable(page).locator("thead tr").first().locator("xpath=./th|./td").allInnerTexts();
  const index = headers.map((h) => h.trim()).indexOf(column);
  expect(index, `column ${column} among ${headers.join(", ")}`).toBeGreaterThan(0);
  // The row's cells line up with the header's, its row header (a th) included.
  return jobRow.locator("xpath=./th|./td").nth(index);
}

/** The latest Activity entry. */
export const latestEntry = (page: Page) => activity(page).getByRole("listitem").first();

/** Waits this long, for checks that something does NOT happen. */
export const settle = (page: Page, ms = 400) => page.waitForTimeout(ms);

/** Counts the app's API requests in flight; the function returned waits until none is. */
export function trackRequests(page: Page) {
  let open = 0;
  page.on("request", (r) => r.url().includes("/api/3/") && open++);
  const done = (r: { url(): string }) => r.url().includes("/api/3/") && open--;
  page.on("requestfinished", done);
  page.on("requestfailed", done);
  return async () => {
    // A round trip first: a request the last fast-forward started is seen by then.
    await page.evaluate(() => 0);
    await expect.poll(() => open, { timeout: 10_000 }).toBe(0);
  };
}
