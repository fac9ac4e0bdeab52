// The console's main paths: sign in, pick a stack, run a job, and the pages
// that have nothing (or nothing valid) to show.
import { expect, test } from "./fixtures";
import {
  activity,
  control,
  EMPTY,
  jobsTable,
  latestEntry,
  openJobs,
  pager,
  PRODUCTION,
  quota,
  row,
  rowHeader,
  signIn,
  stackPicker,
} from "./helpers";

test.beforeEach(async ({ request }) => {
  await control(request, "reset");
});

test("sign in and pick a stack", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByLabel("API token")).toHaveAttribute("type", "password");
  await expect(page.getByLabel("API URL")).toHaveValue("/api/3");
  await expect(page.getByLabel("Remember on this device")).toBeChecked();
  await signIn(page);
  await expect(quota(page)).toHaveText(/\d+ \/ 3600/);
  await stackPicker(page).selectOption({ label: "Acme Production (production)" });
  await expect(page).toHaveURL(new RegExp(`/stacks/${PRODUCTION}/jobs$`));
  await expect(jobsTable(page).getByRole("row")).toHaveCount(31);
  for (const name of ["Name", "Type", "Schedule", "Status", "Command", "Actions"]) {
    await expect(jobsTable(page).getByRole("columnheader", { name, exact: true })).toBeVisible();
  }
  await expect(pager(page)).toContainText("Page 1 of 3");
  await expect(stackPicker(page)).toHaveValue(PRODUCTION);
});

test("run a job with arguments and see it succeed", async ({ page }) => {
  await openJobs(page);
  const backup = row(page, "db-backup");
  await backup.getByRole("button", { name: "Run with arguments…" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Arguments").fill("nightly full");
  await dialog.getByLabel("Arguments").press("Enter");
  await expect(dialog).toBeHidden();
  await expect(backup.getByRole("button", { name: "Run with arguments…" })).toBeFocused();
  const log = activity(page);
  await expect(log.getByRole("listitem").first()).toContainText("db-backup");
  await expect(log.getByRole("listitem").first()).toContainText("Succeeded");
  await expect(log.getByRole("listitem").first()).toContainText(
    'Job "db-backup" ran with arguments: nightly full',
  );
  await expect(backup.getByText("Succeeded")).toBeVisible();
});

test("an HTML job name is shown as text and never runs", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", async (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  const name = "<img src=x onerror=alert(1)>";
  await openJobs(page);
  const header = rowHeader(page, name, { paused: false });
  await expect(header).toHaveCount(1);
  await expect(header).toHaveText(name);
  await expect(jobsTable(page).locator("img")).toHaveCount(0);
  // Other odd names come through exactly too.
  await expect(rowHeader(page, '🧹 sweep "temp" files')).toHaveCount(1);
  await expect(rowHeader(page, `it's a "quoted" job`)).toHaveCount(1);

  // Running it puts the name in Activity, as text again.
  await row(page, name).getByRole("button", { name: "Run now" }).click();
  await expect(latestEntry(page)).toContainText(name);
  await expect(latestEntry(page)).toContainText(/Succeeded|Failed/);
  await expect(page.locator("img")).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

test("an empty stack says so", async ({ page }) => {
  await page.goto(`/stacks/${EMPTY}/jobs`);
  await signIn(page);
  await expect(page.getByText("This stack has no jobs")).toBeVisible();
  await expect(jobsTable(page)).toHaveCount(0);
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Empty Playground");
});

test("an unknown stack gives a 404 message", async ({ page }) => {
  await page.goto("/stacks/0000000000000000000000000000dead/jobs");
  await signIn(page);
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Not found (404)");
  await expect(alert).not.toContainText("ApiError");
  await expect(jobsTable(page)).toHaveCount(0);
  // The rest of the console is still there to go elsewhere.
  await stackPicker(page).selectOption({ label: "Acme Production (production)" });
  await expect(jobsTable(page).getByRole("row")).toHaveCount(31);
  await expect(page.getByRole("alert")).toHaveCount(0);
});
