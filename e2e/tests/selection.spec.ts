// Many jobs at once (issue 14): selecting across pages and on a filtered
// view, each bulk action with its cost preview and every job's outcome, the
// throttled stop, a whole stack in one call, Restore previous state after
// Pause all, recent arguments and a run link that never runs by itself.
import { expect, test, type APIRequestContext, type Page } from "./fixtures";
import {
  activity,
  control,
  jobRoute,
  openJobs,
  pager,
  PRODUCTION,
  routeCount,
  rowHeader,
  row,
  SANDBOX,
  settle,
  STAGING,
  stats,
  TOKEN,
} from "./helpers";

const toolbar = (page: Page) => page.getByRole("toolbar", { name: "Selection" });
const tick = (page: Page, name: string) => page.getByLabel(`Select ${name}`, { exact: true }).check();
const entryOf = (page: Page, name: string) =>
  activity(page).getByRole("listitem").filter({ has: page.getByText(name, { exact: true }) });

/** The uids of a stack's paused jobs, straight from the sandbox. */
async function pausedUids(request: APIRequestContext, stack: string): Promise<string[]> {
  const paused: string[] = [];
  for (let n = 1; ; n++) {
    const response = await request.get(`${SANDBOX}/api/3/stacks/${stack}/jobs?page=${n}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    const body = await response.json();
    for (const job of body.response) if (job.paused) paused.push(job.uid);
    if (!body.pagination.next) return paused.sort();
  }
}

test.beforeEach(async ({ request }) => {
  await control(request, "reset");
  await control(request, "config", { action_delay_ms: 50 });
});

test("a selection survives paging; Select all ticks the page; Clear selection empties it", async ({ page }) => {
  await openJobs(page);
  await expect(toolbar(page)).toHaveCount(0);
  await tick(page, "db-backup");
  await tick(page, "report-that-fails");
  await expect(toolbar(page)).toContainText("2 selected");

  await pager(page).getByRole("link", { name: "Next" }).click();
  await expect(rowHeader(page, "job-031")).toBeVisible();
  await tick(page, "job-031");
  await expect(toolbar(page)).toContainText("3 selected");

  await pager(page).getByRole("link", { name: "Previous" }).click();
  await expect(page.getByLabel("Select db-backup", { exact: true })).toBeChecked();
  await page.getByLabel("Select all", { exact: true }).check();
  // The 30 jobs of page 1 and job-031 of page 2.
  await expect(toolbar(page)).toContainText("31 selected");
  await toolbar(page).getByRole("button", { name: "Clear selection" }).click();
  await expect(toolbar(page)).toHaveCount(0);
  await expect(page.getByLabel("Select db-backup", { exact: true })).not.toBeChecked();
});

test("Select all on a filtered view ticks every match across pages", async ({ page }) => {
  await openJobs(page);
  await page.getByLabel("Search jobs").fill("job-07");
  await expect(page.getByText("Showing 6 of 75 jobs")).toBeVisible();
  await page.getByLabel("Select all", { exact: true }).check();
  await expect(toolbar(page)).toContainText("6 selected");
});

test("Run selected says what it costs, sends one at a time, and every job's outcome shows", async ({
  page,
  request,
}) => {
  await openJobs(page);
  for (const name of ["db-backup", "report-that-fails", "job-017"]) await tick(page, name);
  await toolbar(page).getByRole("button", { name: "Run selected", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Run 3 job(s)?");
  for (const name of ["db-backup", "report-that-fails", "job-017"]) await expect(dialog).toContainText(name);
  await expect(dialog).toContainText("This costs about 12 API requests: 3 sent one at a time and about 9 polls");
  await expect(dialog).toContainText(/\d+ of the hour's quota are left/);

  // Cancel sends nothing.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await settle(page);
  expect((await stats(request)).routes[jobRoute("run_now")] ?? 0).toBe(0);

  await toolbar(page).getByRole("button", { name: "Run selected", exact: true }).click();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(entryOf(page, "db-backup")).toContainText("Succeeded");
  await expect(entryOf(page, "job-017")).toContainText("Succeeded");
  await expect(entryOf(page, "report-that-fails")).toContainText("Failed");
  await expect(activity(page).getByRole("listitem")).toHaveCount(3);
  // Each job once, one POST at a time.
  expect((await stats(request)).routes[jobRoute("run_now")]).toBe(3);
});

test("Pause selected and Unpause selected act on each ticked job", async ({ page, request }) => {
  await openJobs(page);
  await tick(page, "db-backup");
  await tick(page, "job-017");
  await toolbar(page).getByRole("button", { name: "Pause selected", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Pause 2 job(s)?");
  await expect(dialog).toContainText("This costs about 8 API requests");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(entryOf(page, "db-backup")).toContainText("Succeeded");
  await expect(entryOf(page, "job-017")).toContainText("Succeeded");
  await expect(rowHeader(page, "db-backup", { paused: true })).toBeVisible();
  await expect(rowHeader(page, "job-017", { paused: true })).toBeVisible();

  // The selection stays after the reload: unpause the same two.
  await expect(toolbar(page)).toContainText("2 selected");
  await toolbar(page).getByRole("button", { name: "Unpause selected", exact: true }).click();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(rowHeader(page, "db-backup", { paused: false })).toBeVisible();
  await expect(rowHeader(page, "job-017", { paused: false })).toBeVisible();
  await expect(activity(page).getByRole("listitem").filter({ hasText: "Succeeded" })).toHaveCount(4);
  const { routes } = await stats(request);
  expect(routes[jobRoute("pause")]).toBe(2);
  expect(routes[jobRoute("unpause")]).toBe(2);
});

test("the first throttled answer stops the batch and names the jobs not sent", async ({ page, request }) => {
  await openJobs(page);
  const names = ["db-backup", "job-017", "job-019", "job-020", "job-021"];
  for (const name of names) await tick(page, name);
  await toolbar(page).getByRole("button", { name: "Run selected", exact: true }).click();
  // A new window of two requests: the first two POSTs pass, the third is throttled.
  await control(request, "config", { rate_limit: 2, window_secs: 60 });
  await page.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();

  const alert = page.getByRole("alert").filter({ hasText: "were not sent" });
  await expect(alert).toContainText("3 job(s) were not sent: job-019, job-020, job-021");
  await expect(entryOf(page, "job-019")).toContainText("Not started");
  // Every job of the batch has an outcome in Activity, those never sent too.
  for (const name of ["job-020", "job-021"]) {
    await expect(entryOf(page, name)).toHaveCount(1);
    await expect(entryOf(page, name)).toContainText("Not sent: stopped after the API throttled");
  }
  await expect(entryOf(page, "db-backup")).toHaveCount(1);
  await expect(entryOf(page, "job-017")).toHaveCount(1);
  await expect(alert.getByRole("button", { name: "Send the rest" })).toBeDisabled();
});

test("Send the rest sends the jobs a throttled batch did not, once the API takes requests again", async ({
  page,
  request,
}) => {
  await page.clock.install();
  await openJobs(page);
  const names = ["db-backup", "job-017", "job-019", "job-020"];
  for (const name of names) await tick(page, name);
  await toolbar(page).getByRole("button", { name: "Run selected", exact: true }).click();
  await control(request, "config", { rate_limit: 2, window_secs: 3600 });
  await page.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "were not sent" });
  await expect(alert).toContainText("2 job(s) were not sent: job-019, job-020");
  const sendRest = alert.getByRole("button", { name: "Send the rest" });
  await sendRest.click({ force: true });
  expect(await routeCount(request, jobRoute("run_now")), "nothing sent while throttled").toBe(3);
  // A new window at the API; Jobdeck tries again on its own schedule (a fake clock skips the wait).
  await control(request, "config", { rate_limit: 3600, window_secs: 3600 });
  await page.clock.fastForward(10_000);
  await expect(page.getByRole("alert").filter({ hasText: "API quota used up" })).toHaveCount(0);
  await sendRest.click();
  await expect(alert).toHaveCount(0);
  // Each now has two entries: not started (refused) or not sent (never tried), then sent.
  await expect(entryOf(page, "job-019").filter({ hasText: "Not started" })).toHaveCount(1);
  await expect(entryOf(page, "job-020").filter({ hasText: "Not sent" })).toHaveCount(1);
  for (const name of ["job-019", "job-020"]) {
    await expect(entryOf(page, name)).toHaveCount(2);
    await expect(entryOf(page, name).first()).toContainText(/Running|Succeeded/);
  }
  expect(await routeCount(request, jobRoute("run_now")), "the two sent once each").toBe(5);
});

test("a whole stack's selection pauses and unpauses it with one call", async ({ page, request }) => {
  // Acme Staging has exactly one page of 30 jobs.
  await openJobs(page, STAGING);
  await page.getByLabel("Select all", { exact: true }).check();
  await expect(toolbar(page)).toContainText("30 selected");
  await toolbar(page).getByRole("button", { name: "Pause selected", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("one pause_all request instead of 30");
  await expect(dialog).toContainText("and 10 more");
  await expect(dialog).toContainText("This costs about 4 API requests");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(activity(page).getByRole("listitem").first()).toContainText("Succeeded");

  await toolbar(page).getByRole("button", { name: "Unpause selected", exact: true }).click();
  await expect(dialog).toContainText("one unpause_all request instead of 30");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(activity(page).getByRole("listitem").filter({ hasText: "Succeeded" })).toHaveCount(2);
  const { routes } = await stats(request);
  expect(routes["POST /stacks/{stack}/jobs/pause_all"]).toBe(1);
  expect(routes["POST /stacks/{stack}/jobs/unpause_all"]).toBe(1);
  expect(routes[jobRoute("pause")] ?? 0).toBe(0);
  expect(routes[jobRoute("unpause")] ?? 0).toBe(0);
});

test("Restore previous state after Pause all leaves the jobs paused before paused", async ({ page, request }) => {
  const before = await pausedUids(request, PRODUCTION);
  expect(before.length).toBeGreaterThan(3);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await openJobs(page);
  await page.getByRole("button", { name: "Pause all", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Jobdeck first loads the 2 pages it lacks to remember which jobs were already paused");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await settle(page, 3_000);
  expect(errors).toEqual([]);
  // Case-sensitive, so that the Unpause all entry the restore adds is not taken for it.
  const pauseAll = activity(page).getByRole("listitem").filter({ hasText: /All jobs of .*Pause all/ });
  await expect(pauseAll).toContainText("Succeeded");
  expect(await pausedUids(request, PRODUCTION)).toHaveLength(75);

  await pauseAll.getByRole("button", { name: "Restore previous state" }).click();
  await expect(dialog).toContainText("Restore previous state?");
  await expect(dialog).toContainText(`one unpause_all, then pause again, one at a time, the ${before.length} jobs`);
  await expect(dialog).toContainText("cache-warmup");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(pauseAll).toContainText("Restore sent");
  await expect(activity(page).getByRole("listitem").filter({ hasText: "Running" })).toHaveCount(0, {
    timeout: 20_000,
  });
  expect(await pausedUids(request, PRODUCTION)).toEqual(before);
  const { routes } = await stats(request);
  expect(routes["POST /stacks/{stack}/jobs/unpause_all"]).toBe(1);
  expect(routes[jobRoute("pause")]).toBe(before.length);
});

test("Run with arguments lists the job's recent arguments, which fill the field", async ({ page }) => {
  await openJobs(page);
  const opener = row(page, "db-backup").getByRole("button", { name: "Run with arguments…" });
  await opener.click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Arguments").fill("a b");
  await dialog.getByRole("button", { name: "Run" }).click();
  await expect(entryOf(page, "db-backup")).toContainText("Succeeded");

  await opener.click();
  await expect(dialog.getByLabel("Arguments")).toHaveValue("");
  await dialog.getByRole("button", { name: "a b", exact: true }).click();
  await expect(dialog.getByLabel("Arguments")).toHaveValue("a b");
});

test("a copied run link opens the dialog filled in and runs nothing by itself", async ({ page, context, request }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openJobs(page);
  await row(page, "db-backup").getByRole("button", { name: "Run with arguments…" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Arguments").fill("x y");
  await dialog.getByRole("button", { name: "Copy link" }).click();
  await expect(dialog.getByRole("status")).toContainText("Link copied");
  const link = await page.evaluate(() => navigator.clipboard.readText());
  await expect(dialog.getByLabel("Link", { exact: true })).toHaveValue(link);
  expect(link).toContain("run=");
  expect(link).not.toContain(TOKEN);
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await page.goto(link);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("db-backup");
  await expect(dialog.getByLabel("Arguments")).toHaveValue("x y");
  // The link's keys leave the URL, so a reload does not open it again.
  await expect(page).not.toHaveURL(/run=/);
  await settle(page, 1_000);
  expect((await stats(request)).routes[jobRoute("run_now")] ?? 0).toBe(0);
  await expect(activity(page).getByRole("listitem")).toHaveCount(0);
});
