// Two tabs, one bulk action (issue 30, item 2): a bulk action on a stack in
// one tab makes another tab's say "running in another tab" and wait, and
// then send nothing; a tab that closes mid-batch releases the lock.
import { expect, type Page, test } from "./fixtures";
import { activity, control, jobRoute, jobsTable, openJobs, PRODUCTION, routeCount } from "./helpers";

test.beforeEach(async ({ request }) => {
  await control(request, "reset");
  await control(request, "config", { action_delay_ms: 50 });
});

const JOBS = ["db-backup", "job-017"];

/** Ticks the jobs and opens Pause selected's confirmation. */
async function askPauseSelected(page: Page) {
  for (const name of JOBS) await page.getByLabel(`Select ${name}`, { exact: true }).check();
  await page.getByRole("toolbar", { name: "Selection" }).getByRole("button", { name: "Pause selected", exact: true }).click();
  return page.getByRole("dialog").getByRole("button", { name: "Confirm" });
}

/** A second tab of the same browser: the token the first stored signs it in. */
async function openSignedIn(page: Page) {
  await page.goto(`/stacks/${PRODUCTION}/jobs`);
  await expect(jobsTable(page)).toBeVisible();
}

const otherTab = (page: Page) => page.getByRole("status").filter({ hasText: "in another tab" });

test("a bulk action running in one tab makes another wait, and that one sends nothing", async ({ page, request }) => {
  const second = await page.context().newPage();
  await openJobs(page);
  await openSignedIn(second);
  const [first, then] = [await askPauseSelected(page), await askPauseSelected(second)];
  // The first tab's first POST is slow to answer: its batch holds the stack.
  await control(request, "faults", { kind: "slow", ms: 1_500, route: "POST /stacks/{stack}/jobs/{job}/pause" });
  await first.click();
  await then.click();
  await expect(otherTab(second)).toContainText("is running in another tab of Jobdeck: this tab waits for it to end");
  await expect(otherTab(second)).toContainText("ran in another tab meanwhile, so this tab sent nothing", {
    timeout: 10_000,
  });
  await expect(activity(page).getByRole("listitem").filter({ hasText: "Succeeded" })).toHaveCount(2);
  expect(await routeCount(request, jobRoute("pause")), "each job paused once").toBe(2);
  await expect(activity(second).getByRole("listitem")).toHaveCount(0);
});

test("a tab that closes mid-batch lets the other go on", async ({ page, request }) => {
  const second = await page.context().newPage();
  await openJobs(page);
  await openSignedIn(second);
  const [first, then] = [await askPauseSelected(page), await askPauseSelected(second)];
  await control(request, "faults", { kind: "slow", ms: 20_000, route: "POST /stacks/{stack}/jobs/{job}/pause" });
  await first.click();
  await then.click();
  await expect(otherTab(second)).toContainText("this tab waits for it to end");
  const closedAt = Date.now();
  await page.close();
  await expect(otherTab(second)).toContainText("this tab sent nothing");
  expect(Date.now() - closedAt, "released when the tab closed, not when its request ended").toBeLessThan(10_000);
  // The stack is free again: this tab's own batch goes through.
  await second.getByRole("status").filter({ hasText: "in another tab" }).getByRole("button", { name: "Dismiss" }).click();
  await second.getByRole("toolbar", { name: "Selection" }).getByRole("button", { name: "Pause selected", exact: true }).click();
  await second.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();
  await expect(activity(second).getByRole("listitem").filter({ hasText: "Succeeded" })).toHaveCount(2);
});
