// Finding jobs across all of a stack's pages: search, filters and sort kept
// in the URL (reload, Back, Forward), partial results when a page fails,
// Clear filters, both exports, and the next 24 hours.
import { readFile } from "node:fs/promises";
import { expect, test, type APIRequestContext, type Page } from "./fixtures";
import {
  control,
  fixClock,
  jobsTable,
  openJobs,
  pager,
  PRODUCTION,
  rowHeader,
  SANDBOX,
  signIn,
  stats,
  TOKEN,
} from "./helpers";

const BIG_BATCH = "bc82bd5ae0a44316b4b6081c8c2b72f1";

type ApiJob = { uid: string; name: string; status: number; paused: boolean; cron: string | null };

/** Every job of a stack, straight from the sandbox (the oracle for counts). */
async function allJobs(request: APIRequestContext, stack: string): Promise<ApiJob[]> {
  const jobs: ApiJob[] = [];
  for (let page = 1; ; page++) {
    const response = await request.get(`${SANDBOX}/api/3/stacks/${stack}/jobs?page=${page}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    const body = await response.json();
    jobs.push(...body.response);
    if (!body.pagination.next) return jobs;
  }
}

const search = (page: Page) => page.getByLabel("Search jobs");
const count = (page: Page) => page.getByText(/^Showing \d+ of \d+ jobs$/);
const names = (page: Page) => jobsTable(page).getByRole("rowheader").allInnerTexts();

test.beforeEach(async ({ request }) => {
  await control(request, "reset");
});

test("search matches across every page, stays in the URL, and one search is one history entry", async ({
  page,
  request,
}) => {
  await openJobs(page);
  await search(page).fill("job-07");
  // job-070 … job-075 live on page 3: found without paging.
  await expect(count(page)).toHaveText("Showing 6 of 75 jobs");
  await expect(rowHeader(page, "job-075")).toBeVisible();
  await expect(page).toHaveURL(/\?q=job-07$/);
  // Page 1 was already loaded: searching cost the two pages it lacked.
  expect((await stats(request)).routes["GET /stacks/{stack}/jobs"]).toBe(3);

  await page.reload();
  await expect(search(page)).toHaveValue("job-07");
  await expect(count(page)).toHaveText("Showing 6 of 75 jobs");

  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/stacks/${PRODUCTION}/jobs$`));
  await expect(search(page)).toHaveValue("");
  await expect(pager(page)).toContainText("Page 1 of 3");
  await page.goForward();
  await expect(count(page)).toHaveText("Showing 6 of 75 jobs");
});

test("search reads commands, types and crons, ignoring case", async ({ page }) => {
  await openJobs(page);
  await search(page).fill("KUBERNETES");
  await expect(rowHeader(page, "k8s-log-rotate")).toBeVisible();
  await search(page).fill("mon-fri");
  await expect(rowHeader(page, "job-017")).toBeVisible();
});

test("the Status and State filters, alone and together", async ({ page, request }) => {
  const jobs = await allJobs(request, PRODUCTION);
  const failed = jobs.filter((j) => j.status === 3);
  const paused = jobs.filter((j) => j.paused);
  const failedPaused = failed.filter((j) => j.paused);
  await openJobs(page);

  await page.getByLabel("Status", { exact: true }).selectOption("Failed");
  await expect(count(page)).toHaveText(`Showing ${failed.length} of 75 jobs`);
  await expect(page).toHaveURL(/\?status=failed$/);
  for (const status of await jobsTable(page).locator("td .status").allInnerTexts()) expect(status).toBe("Failed");

  await page.getByLabel("State", { exact: true }).selectOption("Paused");
  await expect(count(page)).toHaveText(`Showing ${failedPaused.length} of 75 jobs`);
  await expect(page).toHaveURL(/\?status=failed&state=paused$/);

  await page.getByLabel("Status", { exact: true }).selectOption("All");
  await expect(count(page)).toHaveText(`Showing ${paused.length} of 75 jobs`);
  await expect(jobsTable(page).getByRole("rowheader", { name: / Paused$/ })).toHaveCount(paused.length);

  await page.goBack();
  await expect(count(page)).toHaveText(`Showing ${failedPaused.length} of 75 jobs`);
});

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

test("sortable headers: by name both ways, ties and aria-sort", async ({ page, request }) => {
  const jobs = await allJobs(request, PRODUCTION);
  const byName = jobs
    .map((j) => j.name)
    // Jobdeck's order: lower-cased names by code point, then the names as given.
    .sort((a, b) => cmp(a.toLowerCase(), b.toLowerCase()) || cmp(a, b));
  await openJobs(page);
  const nameHeader = jobsTable(page).getByRole("columnheader", { name: "Name" });
  await nameHeader.getByRole("button").click();
  await expect(nameHeader).toHaveAttribute("aria-sort", "ascending");
  await expect(page).toHaveURL(/\?sort=name$/);
  await expect(count(page)).toHaveText("Showing 75 of 75 jobs");
  // The row header's text ends with the Paused badge (shown in capitals) on paused jobs.
  const first = (await names(page)).map((n) => n.replace(/\s*paused$/i, ""));
  expect(first.slice(0, 5)).toEqual(byName.slice(0, 5));

  await nameHeader.getByRole("button").click();
  await expect(nameHeader).toHaveAttribute("aria-sort", "descending");
  await expect(page).toHaveURL(/\?sort=name&dir=desc$/);
  await expect(jobsTable(page).getByRole("rowheader").first()).toHaveText(
    new RegExp(`^${byName[byName.length - 1].replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
  );

  await pager(page).getByRole("link", { name: "Next" }).click();
  await expect(pager(page)).toContainText("Page 2 of 3");
  await expect(page).toHaveURL(/\?sort=name&dir=desc&page=2$/);
});

test("sorting by next run puts the soonest first and the jobs that never run last", async ({ page, request }) => {
  await fixClock(page, request, "2026-03-07T12:00:00Z");
  await openJobs(page, PRODUCTION, "?sort=next");
  await expect(count(page)).toHaveText("Showing 75 of 75 jobs");
  const times = await jobsTable(page).locator("td.next-run time").evaluateAll((els) =>
    els.map((e) => Date.parse(e.getAttribute("datetime") ?? "")),
  );
  expect(times.length).toBeGreaterThan(10);
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  // Jobs that do not run on a schedule (paused, on demand, invalid, never) come last.
  await pager(page).getByRole("link", { name: "Next" }).click();
  await pager(page).getByRole("link", { name: "Next" }).click();
  await expect(pager(page)).toContainText("Page 3 of 3");
  await expect(jobsTable(page).getByRole("row").last().locator("td.next-run time")).toHaveCount(0);
});

test("a page that fails makes the results partial, and Try again completes them", async ({ page, request }) => {
  await openJobs(page);
  await control(request, "faults", { kind: "502", route: "GET /stacks/{stack}/jobs" });
  await search(page).fill("job-0");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Page 2 of this stack's jobs could not be loaded, so these results are partial.");
  await expect(count(page)).toHaveText(/^Showing \d+ of 75 jobs$/);
  await alert.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("alert")).toHaveCount(0);
  // job-017 … job-075, every page searched.
  await expect(count(page)).toHaveText("Showing 59 of 75 jobs");
});

test("no match says so, and Clear filters brings the stack's pages back", async ({ page }) => {
  await openJobs(page);
  await search(page).fill("nothing is called this");
  await expect(page.getByText("No jobs match.")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(search(page)).toHaveValue("");
  await expect(pager(page)).toContainText("Page 1 of 3");
  await expect(page).toHaveURL(new RegExp(`/stacks/${PRODUCTION}/jobs$`));
});

test("a large stack says what searching it costs before loading every page", async ({ page, request }) => {
  await openJobs(page, BIG_BATCH);
  await search(page).fill("eu");
  await expect(page.getByText(/needs all 8 pages of its jobs: 7 more requests/)).toBeVisible();
  expect((await stats(request)).routes["GET /stacks/{stack}/jobs"]).toBe(1);
  await page.getByRole("button", { name: "Load all 8 pages" }).click();
  await expect(count(page)).toHaveText(/^Showing \d+ of 240 jobs$/);
  await expect(async () => expect((await stats(request)).routes["GET /stacks/{stack}/jobs"]).toBe(8)).toPass();
  // Kept for the session: another search costs nothing more.
  await search(page).fill("us");
  await expect(count(page)).toHaveText(/^Showing \d+ of 240 jobs$/);
  expect((await stats(request)).routes["GET /stacks/{stack}/jobs"]).toBe(8);
});

test("Export downloads every match as CSV and JSON, safe for spreadsheets", async ({ page }) => {
  await openJobs(page, BIG_BATCH);
  await page.getByRole("button", { name: "Export" }).click();
  await expect(page.getByText("240 jobs", { exact: true })).toBeVisible();

  const csvDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  const csv = await readFile((await (await csvDownload).path())!, "utf8");
  const lines = csv.split("\r\n");
  expect(lines[0]).toBe("uid,name,type,cron,schedule,next_run_utc,status,paused,command,updated_utc");
  expect(csv).toContain(`,"'=HYPERLINK(""http://example.com"",""click"")",`);
  expect(csv).toContain(",'+sum-totals,");
  expect(csv).toContain(",'-negative-start,");
  expect(csv).toContain(",'@mention-digest,");
  expect(csv).toContain(`,"billing, ""quarterly"" export",`);
  expect(csv).toContain(`,"multi\nline name",`);
  expect(lines.filter((l) => /^[0-9a-f]{32},/.test(l))).toHaveLength(240);

  await page.getByRole("button", { name: "Export" }).click();
  const jsonDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download JSON" }).click();
  const json = JSON.parse(await readFile((await (await jsonDownload).path())!, "utf8"));
  expect(json).toHaveLength(240);
  expect(json.map((j: { name: string }) => j.name)).toContain('=HYPERLINK("http://example.com","click")');
});

test("Upcoming lists the next 24 hours in time order", async ({ page, request }) => {
  await fixClock(page, request, "2026-03-07T12:00:00Z");
  await page.goto(`/stacks/${PRODUCTION}/upcoming`);
  await signIn(page);
  const table = page.getByRole("table", { name: "Upcoming" });
  await expect(table).toBeVisible();
  const times = await table.locator("time").evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute("datetime") ?? "")));
  expect(times.length).toBeGreaterThan(20);
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  const start = Date.parse("2026-03-07T12:00:00Z");
  expect(times[0]).toBeGreaterThan(start);
  expect(times[times.length - 1]).toBeLessThanOrEqual(start + 24 * 3600_000);
  // db-backup runs at 03:00 UTC: once, on 8 March.
  const backup = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "db-backup" }) });
  await expect(backup.locator("time")).toHaveAttribute("datetime", "2026-03-08T03:00:00.000Z");
});
