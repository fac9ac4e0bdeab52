// Actions on jobs: run (with and without arguments), pause, pause all, and
// the guard against double submission. Each is followed to its end in Activity.
import { expect, test } from "./fixtures";
import {
  activity,
  cell,
  control,
  jobRoute,
  jobsTable,
  latestEntry,
  openJobs,
  pausedRowHeaders,
  PRODUCTION,
  routeCount,
  row,
  rowHeader,
  settle,
  stats,
  TOKEN,
} from "./helpers";

test.beforeEach(async ({ request }) => {
  await control(request, "reset");
});

test("Escape cancels Run with arguments: nothing is sent, focus goes back", async ({ page, request }) => {
  await openJobs(page);
  const backup = row(page, "db-backup");
  const opener = backup.getByRole("button", { name: "Run with arguments…" });
  await opener.click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("db-backup");
  await expect(dialog.getByLabel("Arguments")).toBeFocused();
  await dialog.getByLabel("Arguments").fill("should not run");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  // The Cancel button does the same.
  await opener.click();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  await settle(page, 700);
  expect(await routeCount(request, jobRoute("run_now"))).toBe(0);
  await expect(activity(page).getByRole("listitem")).toHaveCount(0);
});

test("a job that fails shows Failed with its message", async ({ page, request }) => {
  await openJobs(page);
  const fails = row(page, "report-that-fails");
  const updated = await cell(page, fails, "Updated");
  const updatedBefore = await updated.innerText();

  await fails.getByRole("button", { name: "Run now" }).click();
  const entry = latestEntry(page);
  await expect(entry).toContainText("report-that-fails");
  await expect(entry).toContainText("Run now");
  await expect(entry).toContainText("Running");
  // While it runs, the row says so and refuses a second run.
  await expect(fails.getByRole("img", { name: "Action in progress" })).toBeVisible();
  await expect(fails.getByRole("button", { name: "Run now" })).toBeDisabled();

  await expect(entry).toContainText('Failed: Job "report-that-fails" exited with status 1');
  await expect(entry).not.toContainText("Succeeded");
  await expect(fails.getByRole("img", { name: "Action in progress" })).toHaveCount(0);
  await expect(await cell(page, fails, "Status")).toHaveText("Failed");
  // The row was reloaded: the run changed the job's updated_at.
  await expect(updated).not.toHaveText(updatedBefore);
  await expect(fails.getByRole("button", { name: "Run now" })).toBeEnabled();
  expect(await routeCount(request, jobRoute("run_now"))).toBe(1);
});

test("pause and unpause one job", async ({ page, request }) => {
  await openJobs(page);
  await expect(pausedRowHeaders(page)).toHaveCount(3);
  const backup = row(page, "db-backup");
  await expect(rowHeader(page, "db-backup", { paused: false })).toBeVisible();
  await expect(backup.getByRole("button", { name: "Unpause" })).toHaveCount(0);

  await backup.getByRole("button", { name: "Pause", exact: true }).click();
  await expect(latestEntry(page)).toContainText("db-backup");
  await expect(latestEntry(page)).toContainText("Pause");
  await expect(latestEntry(page)).toContainText("Succeeded");
  await expect(rowHeader(page, "db-backup", { paused: true })).toBeVisible();
  // The badge by the name, and the Next run column's word (schedules, issue 10).
  await expect(backup.getByText("Paused", { exact: true })).toHaveCount(2);
  await expect(backup.locator(".badge-paused")).toBeVisible();
  await expect(backup.getByRole("button", { name: "Unpause" })).toBeVisible();
  await expect(backup.getByRole("button", { name: "Pause", exact: true })).toHaveCount(0);
  // Only that job changed: cache-warmup, job-018 and job-027 were paused already.
  await expect(pausedRowHeaders(page)).toHaveCount(4);

  await backup.getByRole("button", { name: "Unpause" }).click();
  await expect(activity(page).getByRole("listitem")).toHaveCount(2);
  await expect(latestEntry(page)).toContainText("Unpause");
  await expect(latestEntry(page)).toContainText("Succeeded");
  await expect(rowHeader(page, "db-backup", { paused: false })).toBeVisible();
  await expect(backup.getByRole("button", { name: "Pause", exact: true })).toBeVisible();
  await expect(backup.getByRole("button", { name: "Unpause" })).toHaveCount(0);
  await expect(pausedRowHeaders(page)).toHaveCount(3);

  const routes = (await stats(request)).routes;
  expect(routes[jobRoute("pause")]).toBe(1);
  expect(routes[jobRoute("unpause")]).toBe(1);
});

test("pause all and unpause all ask first, with the number of jobs", async ({ page, request }) => {
  await openJobs(page);
  // Seeded paused on page 1: cache-warmup, job-018 and job-027.
  await expect(pausedRowHeaders(page)).toHaveCount(3);

  // Cancel sends nothing.
  const pauseAll = page.getByRole("button", { name: "Pause all", exact: true });
  await pauseAll.click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Pause all jobs?");
  await expect(dialog).toContainText("75 jobs");
  await expect(dialog).toContainText("Acme Production");
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(pauseAll).toBeFocused();
  await settle(page, 700);
  expect((await stats(request)).routes["POST /stacks/{stack}/jobs/pause_all"] ?? 0).toBe(0);
  await expect(activity(page).getByRole("listitem")).toHaveCount(0);

  // Confirm pauses every job.
  await pauseAll.click();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
  await expect(latestEntry(page)).toContainText("Pause all");
  await expect(latestEntry(page)).toContainText("Succeeded");
  await expect(pausedRowHeaders(page)).toHaveCount(30);
  await expect(jobsTable(page).getByRole("button", { name: "Unpause" })).toHaveCount(30);
  await expect(jobsTable(page).getByRole("button", { name: "Pause", exact: true })).toHaveCount(0);
  expect((await stats(request)).routes["POST /stacks/{stack}/jobs/pause_all"]).toBe(1);
  // Every job of the stack, not only this page (asked of the API directly).
  const page3 = await request.get(`/api/3/stacks/${PRODUCTION}/jobs?page=3`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  const jobs: { paused: boolean }[] = (await page3.json()).response;
  expect(jobs).toHaveLength(15);
  expect(jobs.every((j) => j.paused)).toBe(true);

  // Unpause all, after the same question.
  await page.getByRole("button", { name: "Unpause all", exact: true }).click();
  await expect(dialog).toContainText("Unpause all jobs?");
  await expect(dialog).toContainText("75 jobs");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(activity(page).getByRole("listitem")).toHaveCount(2);
  await expect(latestEntry(page)).toContainText("Unpause all");
  await expect(latestEntry(page)).toContainText("Succeeded");
  await expect(pausedRowHeaders(page)).toHaveCount(0);
  await expect(jobsTable(page).getByRole("button", { name: "Pause", exact: true })).toHaveCount(30);
});

test("a double click on Run now sends exactly one POST", async ({ page, request }) => {
  await openJobs(page);
  const backup = row(page, "db-backup");
  await backup.getByRole("button", { name: "Run now" }).dblclick();
  await expect(latestEntry(page)).toContainText('Succeeded');
  await expect(latestEntry(page)).toContainText('Job "db-backup" ran with no arguments');
  await expect(activity(page).getByRole("listitem")).toHaveCount(1);
  expect(await routeCount(request, jobRoute("run_now"))).toBe(1);

  // A second, separate click later is a second run.
  await backup.getByRole("button", { name: "Run now" }).click();
  await expect(activity(page).getByRole("listitem")).toHaveCount(2);
  await expect(latestEntry(page)).toContainText("Succeeded");
  expect(await routeCount(request, jobRoute("run_now"))).toBe(2);
});
