// The token: where it is kept, how it is forgotten, and what a revoked one does.
import { expect, test, type Page } from "./fixtures";
import { control, jobsTable, openJobs, pager, PRODUCTION, signIn, TOKEN } from "./helpers";

test.beforeEach(async ({ request }) => {
  await control(request, "reset");
});

/** Every value of both web storages that holds the token. */
async function storedToken(page: Page) {
  return page.evaluate((token) => {
    const find = (s: Storage) =>
      Object.keys(s).filter((k) => (s.getItem(k) ?? "").includes(token));
    return { local: find(localStorage), session: find(sessionStorage) };
  }, TOKEN);
}

async function expectTokenNowhereVisible(page: Page) {
  expect(page.url()).not.toContain(TOKEN);
  expect(await page.title()).not.toContain(TOKEN);
  expect(await page.content()).not.toContain(TOKEN);
}

test("sign out forgets the token everywhere", async ({ page }) => {
  await openJobs(page);
  expect(await storedToken(page)).toEqual({ local: ["jobdeck.token"], session: [] });
  await expectTokenNowhereVisible(page);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByLabel("API token")).toBeVisible();
  await expect(page.getByLabel("API token")).toHaveValue("");
  expect(await storedToken(page)).toEqual({ local: [], session: [] });
  await expectTokenNowhereVisible(page);

  await page.reload();
  await expect(page.getByLabel("API token")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  expect(await storedToken(page)).toEqual({ local: [], session: [] });
});

test("unchecked Remember keeps the token for this tab only", async ({ page, context }) => {
  await page.goto(`/stacks/${PRODUCTION}/jobs`);
  await signIn(page, { remember: false });
  await expect(jobsTable(page)).toBeVisible();
  expect(await storedToken(page)).toEqual({ local: [], session: ["jobdeck.token"] });
  await expectTokenNowhereVisible(page);

  // A reload of this tab stays signed in.
  await page.reload();
  await expect(jobsTable(page)).toBeVisible();

  // Another tab (same browser, fresh sessionStorage) must sign in again.
  const other = await context.newPage();
  await other.goto(`/stacks/${PRODUCTION}/jobs`);
  await expect(other.getByLabel("API token")).toBeVisible();
  await other.close();

  await page.getByRole("button", { name: "Sign out" }).click();
  expect(await storedToken(page)).toEqual({ local: [], session: [] });
});

test("a revoked token sends you to sign in, then back to the same URL", async ({ page, request }) => {
  await openJobs(page);
  await control(request, "revoke", { token: TOKEN });
  await pager(page).getByRole("link", { name: "Next" }).click();

  await expect(page.getByRole("alert")).toHaveText("The API rejected the token (401). Sign in again.");
  await expect(page.getByLabel("API token")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/stacks/${PRODUCTION}/jobs\\?page=2$`));
  expect(await storedToken(page)).toEqual({ local: [], session: [] });

  await control(request, "reset");
  await signIn(page);
  await expect(page).toHaveURL(new RegExp(`/stacks/${PRODUCTION}/jobs\\?page=2$`));
  await expect(pager(page)).toContainText("Page 2 of 3");
  await expect(jobsTable(page).getByRole("row")).toHaveCount(31);
  await expect(page.getByRole("alert")).toHaveCount(0);
});
