// One loader for every paged list (issue 26): a page another load has in
// flight is never asked for again, and a background refresh that fails
// keeps what is on screen, on every page that refreshes, saying why.
import { expect, type Page, test } from "./fixtures";
import {
  activity,
  BATCH,
  control,
  JOB,
  jobsTable,
  openJobs,
  PRODUCTION,
  signIn,
  stats,
  trackRequests,
} from "./helpers";

test.beforeEach(async ({ request }) => {
  await control(request, "reset");
  await control(request, "config", { action_delay_ms: 50 });
});

/** The app's API requests in order, as "METHOD path?query" without the /api/3 prefix. */
function logRequests(page: Page) {
  const sent: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith("/api/3/")) sent.push(`${r.method()} ${url.pathname.slice(6)}${url.search}`);
  });
  return sent;
}

/** GETs of page 2 of Batch Workers' jobs sent before its pause_all. */
function page2BeforePauseAll(sent: string[]) {
  const pauseAll = sent.indexOf(`POST /stacks/${BATCH}/jobs/pause_all`);
  expect(pauseAll, `pause_all was sent: ${sent.join(", ")}`).toBeGreaterThan(0);
  return sent.slice(0, pauseAll).filter((r) => r === `GET /stacks/${BATCH}/jobs?page=2`).length;
}

test("Pause all while the find view still loads a page asks for that page once", async ({ page, request }) => {
  await openJobs(page, BATCH);
  const sent = logRequests(page);
  // Sorting needs page 2 of Batch Workers' 31 jobs: it is slow to come.
  await control(request, "faults", { kind: "slow", ms: 1_500, route: "GET /stacks/{stack}/jobs", stack: BATCH, page: 2 });
  await jobsTable(page).getByRole("button", { name: "Name" }).click();
  await expect(page.getByText(/Loading every page of this stack|Loading this stack's jobs/)).toBeVisible();
  // Back to the page as the API pages it, with page 2 still on its way.
  await page.goBack();
  await expect(jobsTable(page).getByRole("columnheader", { name: "Name" })).not.toHaveAttribute("aria-sort");
  // Pause all notes which jobs were paused, from every page: page 2 is on its way already.
  await page.getByRole("button", { name: "Pause all", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();
  const entry = activity(page).getByRole("listitem").filter({ hasText: /All jobs of .*Pause all/ });
  await expect(entry).toContainText("Succeeded", { timeout: 10_000 });
  await expect(entry.getByRole("button", { name: "Restore previous state" })).toBeVisible();
  expect(page2BeforePauseAll(sent), "page 2 before the pause_all").toBe(1);
  const { paths } = await stats(request);
  expect(paths[`GET /stacks/${BATCH}/jobs?page=2`], "page 2 in all").toBe(1);
});

test("Pause all from the find view, while it loads a page, asks for that page once", async ({ page, request }) => {
  await openJobs(page, BATCH);
  const sent = logRequests(page);
  await control(request, "faults", { kind: "slow", ms: 1_500, route: "GET /stacks/{stack}/jobs", stack: BATCH, page: 2 });
  await jobsTable(page).getByRole("button", { name: "Name" }).click();
  await expect(page.getByText(/Loading every page of this stack|Loading this stack's jobs/)).toBeVisible();
  await page.getByRole("button", { name: "Pause all", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();
  const entry = activity(page).getByRole("listitem").filter({ hasText: /All jobs of .*Pause all/ });
  await expect(entry).toContainText("Succeeded", { timeout: 10_000 });
  await expect(entry.getByRole("button", { name: "Restore previous state" })).toBeVisible();
  // After the Pause all, the search's view loads every page again (they all changed).
  expect(page2BeforePauseAll(sent), "page 2 before the pause_all").toBe(1);
});

test("a background refresh of the job page that fails keeps the job on screen", async ({ page, request }) => {
  await page.clock.install();
  await page.goto(`/stacks/${PRODUCTION}/jobs/${JOB.dbBackup}`);
  await signIn(page);
  const heading = page.getByRole("heading", { level: 1, name: "db-backup" });
  await expect(heading).toBeVisible();
  const idle = trackRequests(page);
  const kept = await heading.elementHandle();
  await control(request, "faults", { kind: "502", route: "GET /stacks/{stack}/jobs/{job}" });
  await page.clock.fastForward(16_000);
  await idle();
  const alert = page.getByRole("alert").filter({ hasText: "Could not refresh the job" });
  await expect(alert).toBeVisible();
  await expect(page.getByRole("list", { name: "Next runs" })).toBeVisible();
  expect(await kept!.evaluate((e) => e.isConnected), "the job stays").toBe(true);
  await alert.getByRole("button", { name: "Try again" }).click();
  await idle();
  await expect(alert).toHaveCount(0);
  expect(await kept!.evaluate((e) => e.isConnected)).toBe(true);
});

test("a background refresh of History that fails keeps its rows on screen", async ({ page, request }) => {
  await page.clock.install();
  await page.goto(`/stacks/${PRODUCTION}/history`);
  await signIn(page);
  const table = page.getByRole("table", { name: "History" });
  await expect(table).toBeVisible();
  const idle = trackRequests(page);
  await idle();
  const firstRow = await table.getByRole("row").nth(1).elementHandle();
  await control(request, "faults", { kind: "502", route: "GET /stacks/{stack}/actions", count: 5 });
  await page.clock.fastForward(16_000);
  await idle();
  const alert = page.getByRole("alert").filter({ hasText: "Could not refresh the history" });
  await expect(alert).toBeVisible();
  await expect(table).toBeVisible();
  expect(await firstRow!.evaluate((e) => e.isConnected), "the rows stay").toBe(true);
  await control(request, "reset");
  await alert.getByRole("button", { name: "Try again" }).click();
  await idle();
  await expect(alert).toHaveCount(0);
  await expect(table).toBeVisible();
});
