import { expect, test } from "@playwright/test";
import { control, openJobs, PRODUCTION, row, signIn } from "./helpers";

test.beforeEach(async ({ request }) => {
  await control(request, "reset");
});

test("sign in and pick a stack", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByLabel("API token")).toHaveAttribute("type", "password");
  await expect(page.getByLabel("API URL")).toHaveValue("/api/3");
  await signIn(page);
  await expect(page.getByRole("status", { name: "API quota" })).toHaveText(/\d+ \/ 3600/);
  await page.getByLabel("Stack").selectOption({ label: "Acme Production (production)" });
  await expect(page).toHaveURL(new RegExp(`/stacks/${PRODUCTION}/jobs$`));
  await expect(page.getByRole("table", { name: "Jobs" }).getByRole("row")).toHaveCount(31);
  await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText("Page 1 of 3");
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
  const log = page.getByRole("log", { name: "Activity" });
  await expect(log.getByRole("listitem").first()).toContainText("db-backup");
  await expect(log.getByRole("listitem").first()).toContainText("Succeeded");
  await expect(log.getByRole("listitem").first()).toContainText("nightly full");
  await expect(backup.getByText("Succeeded")).toBeVisible();
});
