// History (issue 11): the stack's actions page by page, in words; the job and
// arguments of the runs started in this app (also after a reload); failures,
// an empty history, a failed load; and the strip of last runs in the Jobs table.
import { expect, test, type APIRequestContext, type Page } from "./fixtures";
import {
  activity,
  cell,
  control,
  EMPTY,
  jobsTable,
  latestEntry,
  openJobs,
  pager,
  PRODUCTION,
  row,
  SANDBOX,
  signIn,
  TOKEN,
} from "./helpers";

type ApiAction = { id: number; started_at: string; action: string };

const history = (page: Page) => page.getByRole("table", { name: "History" });
/** The data rows of the History table (the first row holds the headers). */
const dataRows = (page: Page) => history(page).locator("tbody").getByRole("row");

/** One page of a stack's actions, straight from the sandbox's API. */
async function actionsFromApi(request: APIRequestContext, stack: string, pageNumber: number) {
  const response = await request.get(`${SANDBOX}/api/3/stacks/${stack}/actions?page=${pageNumber}`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(response.ok()).toBeTruthy();
  return ((await response.json()) as { response: ApiAction[] }).response;
}

/** Opens a stack's history signed in, and waits for its table. */
async function openHistory(page: Page, stack = PRODUCTION, query = "") {
  await page.goto(`/stacks/${stack}/history${query}`);
  await signIn(page);
}

/** Starts a run from the Jobs table, with arguments when given, and waits for its end in Activity. */
async function runFromJobs(page: Page, name: string, outcome: RegExp, args?: string) {
  const jobRow = row(page, name);
  if (args === undefined) {
    await jobRow.getByRole("button", { name: "Run now" }).click();
  } else {
    await jobRow.getByRole("button", { name: "Run with arguments…" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Arguments").fill(args);
    await dialog.getByRole("button", { name: "Run", exact: true }).click();
  }
  await expect(latestEntry(page)).toContainText(name);
  await expect(latestEntry(page)).toContainText(outcome);
}

test.beforeEach(async ({ request }) => {
  await control(request, "reset");
});

test("the seeded history, page by page, in words", async ({ page, request }) => {
  await openHistory(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Acme Production/);
  const headers = await history(page).getByRole("columnheader").allInnerTexts();
  expect(headers.map((h) => h.trim())).toEqual(["When", "Action", "Job", "By", "Took", "Result"]);

  const first = await actionsFromApi(request, PRODUCTION, 1);
  await expect(dataRows(page)).toHaveCount(first.length);
  // When: each row's <time> stands for the exact instant the API gave.
  const instants = await history(page)
    .locator("tbody time")
    .evaluateAll((times) => times.map((t) => Date.parse(t.getAttribute("datetime") ?? "")));
  expect(instants).toEqual(first.map((a) => Date.parse(a.started_at)));

  // Newest first: the seeded run of db-backup (41 s), then the two still running.
  await expect(dataRows(page).nth(2)).toContainText("Run now");
  await expect(dataRows(page).nth(2)).toContainText("dev@example.com (api)");
  await expect(dataRows(page).nth(2)).toContainText("41 s");
  await expect(dataRows(page).nth(2)).toContainText("Succeeded");
  const running = dataRows(page).nth(3);
  await expect(running).toContainText("deploy-bot@example.com (api)");
  await expect(running).toContainText("Running");
  await expect(running).toContainText("–");
  // Codes in words, the unknown one readable; a refusal with its message.
  await expect(history(page).getByRole("cell", { name: "Job retry handler", exact: true })).toHaveCount(1);
  await expect(history(page).getByRole("cell", { name: "Pause all", exact: true })).toHaveCount(1);
  await expect(history(page).getByRole("cell", { name: "Unpause all", exact: true })).toHaveCount(1);
  const refused = dataRows(page).filter({ hasText: "could not be paused" });
  await expect(refused).toContainText("Pause");
  await expect(refused).toContainText("ops@example.com (web)");
  await expect(refused).toContainText('Failed: Job "sync-crm" could not be paused: a run is in progress');
  // No job is named for actions this device did not start.
  await expect(history(page).getByRole("cell", { name: "db-backup", exact: true })).toHaveCount(0);

  await expect(pager(page)).toContainText("Page 1 of 2");
  await pager(page).getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(new RegExp(`/stacks/${PRODUCTION}/history\\?page=2$`));
  await expect(pager(page)).toContainText("Page 2 of 2");
  const second = await actionsFromApi(request, PRODUCTION, 2);
  await expect(dataRows(page)).toHaveCount(second.length);
  await expect(dataRows(page).first().locator("time")).toHaveAttribute("datetime", /.+/);
  const firstOfSecond = await dataRows(page).first().locator("time").getAttribute("datetime");
  expect(Date.parse(firstOfSecond ?? "")).toBe(Date.parse(second[0].started_at));
  await pager(page).getByRole("link", { name: "Previous" }).click();
  await expect(pager(page)).toContainText("Page 1 of 2");

  // A page past the end says so and links to the last page.
  await page.goto(`/stacks/${PRODUCTION}/history?page=9`);
  const alert = page.getByRole("alert").filter({ hasText: "There is no page 9" });
  await expect(alert).toBeVisible();
  await alert.getByRole("link", { name: "Go to page 2" }).click();
  await expect(pager(page)).toContainText("Page 2 of 2");
});

test("a run with arguments started here shows its job and arguments, also after a reload", async ({
  page,
  request,
}) => {
  await control(request, "config", { action_delay_ms: 50 });
  await openJobs(page);
  await runFromJobs(page, "db-backup", /Succeeded/, "nightly --full");

  await page.getByRole("link", { name: "History", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/stacks/${PRODUCTION}/history$`));
  const newest = dataRows(page).first();
  await expect(newest).toContainText("Run now");
  await expect(newest).toContainText("db-backup");
  await expect(newest).toContainText("nightly --full");
  await expect(newest).toContainText("dev@example.com (api)");
  await expect(newest).toContainText("Succeeded");
  // The seeded actions below it still name no job.
  await expect(await cellOf(page, 1, "Job")).toHaveText("–");

  await page.reload();
  await expect(dataRows(page).first()).toContainText("db-backup");
  await expect(dataRows(page).first()).toContainText("nightly --full");

  await page.getByRole("link", { name: "Jobs", exact: true }).click();
  await expect(jobsTable(page)).toBeVisible();
});

test("a failing run updates in place to Failed with its message", async ({ page, request }) => {
  await control(request, "config", { action_delay_ms: 1500 });
  await openJobs(page);
  await row(page, "report-that-fails").getByRole("button", { name: "Run now" }).click();
  await expect(latestEntry(page)).toContainText("Running");
  await page.getByRole("link", { name: "History", exact: true }).click();

  const newest = dataRows(page).first();
  await expect(newest).toContainText("report-that-fails");
  await expect(newest).toContainText("Running");
  // A finished row further down keeps its node while the running one changes.
  const seeded = await dataRows(page).nth(3).elementHandle();
  await expect(newest).toContainText('Failed: Job "report-that-fails" exited with status 1');
  await expect(newest).toContainText(/\d+ s/);
  expect(await seeded?.evaluate((node) => node.isConnected)).toBe(true);
  await expect(activity(page).getByRole("listitem").first()).toContainText("Failed");
});

test("an empty history says so", async ({ page }) => {
  await openHistory(page, EMPTY);
  await expect(page.getByText("No actions yet on this stack.")).toBeVisible();
  await expect(history(page)).toHaveCount(0);
  await expect(pager(page)).toHaveCount(0);
  await page.getByRole("link", { name: "Jobs", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/stacks/${EMPTY}/jobs$`));
});

test("a failed history load says why and tries again", async ({ page, request }) => {
  await control(request, "faults", { kind: "500", route: "GET /stacks/{stack}/actions" });
  await openHistory(page);
  const alert = page.getByRole("alert").filter({ hasText: "500" });
  await expect(alert).toBeVisible();
  await expect(history(page)).toHaveCount(0);
  await alert.getByRole("button", { name: "Try again" }).click();
  await expect(history(page)).toBeVisible();
  await expect(alert).toHaveCount(0);
  await expect(pager(page)).toContainText("Page 1 of 2");
});

test("the Jobs table shows a job's last runs on this device", async ({ page, request }) => {
  await control(request, "config", { action_delay_ms: 50 });
  await openJobs(page);
  const status = await cell(page, row(page, "report-that-fails"), "Status");
  await expect(status.getByRole("img", { name: /^Last runs/ })).toHaveCount(0);
  await runFromJobs(page, "report-that-fails", /Failed/);
  await expect(status.getByRole("img", { name: "Last runs: failed" })).toBeVisible();
  await runFromJobs(page, "db-backup", /Succeeded/);
  const backup = await cell(page, row(page, "db-backup"), "Status");
  await expect(backup.getByRole("img", { name: "Last runs: succeeded" })).toBeVisible();
  // Each job's strip holds its own runs only.
  await expect(status.getByRole("img", { name: "Last runs: failed" })).toBeVisible();
});

/** The cell of data row `index` under the History column `column`. */
async function cellOf(page: Page, index: number, column: string) {
  const headers = (await history(page).getByRole("columnheader").allInnerTexts()).map((h) => h.trim());
  return dataRows(page).nth(index).getByRole("cell").nth(headers.indexOf(column));
}
