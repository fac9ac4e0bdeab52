// A URL is input too (issue 30, item 6): every query key and path segment
// a person can type, paste or mangle ends in a sensible default or a clear
// message, never a blank page, and never a request with the raw value in
// its path.
import { expect, type Page, test } from "./fixtures";
import { control, jobsTable, openJobs, pager, PRODUCTION, signIn } from "./helpers";

test.beforeEach(async ({ request }) => {
  await control(request, "reset");
});

/** The API paths the page asks for, as sent (percent-escapes kept). */
function apiPaths(page: Page) {
  const paths: string[] = [];
  page.on("request", (r) => {
    const url = r.url();
    if (url.includes("/api/3/")) paths.push(url.slice(url.indexOf("/api/3/")));
  });
  return paths;
}

test("an odd page number opens page 1", async ({ page }) => {
  await openJobs(page);
  for (const odd of ["-1", "99999999999", "1.5", "two", ""]) {
    await page.goto(`/stacks/${PRODUCTION}/jobs?page=${odd}`);
    await expect(pager(page), `page=${odd}`).toContainText("Page 1 of 3");
    await expect(jobsTable(page).getByRole("row")).toHaveCount(31);
  }
});

test("an unknown sort, direction or filter is ignored", async ({ page }) => {
  await openJobs(page, PRODUCTION, "?sort=%3Cscript%3Ealert(1)%3C%2Fscript%3E&status=maybe&state=%3Cb%3E");
  await expect(pager(page)).toContainText("Page 1 of 3");
  await expect(jobsTable(page).locator("[aria-sort]")).toHaveCount(0);
  await expect(page.locator('script:not([src]):not([type="application/json"])')).toHaveCount(0);
  // A known sort with a direction that is not one sorts ascending.
  await page.goto(`/stacks/${PRODUCTION}/jobs?sort=name&dir=sideways`);
  await expect(jobsTable(page).getByRole("columnheader", { name: "Name" })).toHaveAttribute("aria-sort", "ascending");
});

test("a 10,000-character search is cut to 200 characters and searched", async ({ page }) => {
  await page.goto(`/stacks/${PRODUCTION}/jobs?q=${"x".repeat(10_000)}`);
  await signIn(page);
  await expect(page.getByRole("searchbox", { name: "Search jobs" })).toHaveValue("x".repeat(200));
  await expect(page.getByText("No jobs match")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(pager(page)).toContainText("Page 1 of 3");
});

test("a dot segment never reaches the API's path, and the page is never blank", async ({ page }) => {
  const paths = apiPaths(page);
  await page.goto("/");
  await signIn(page);
  // The browser resolves "..", even escaped, before the app sees the URL.
  for (const stack of ["..", "%2E%2E", "%2e%2E", "%2E"]) {
    await page.goto(`/stacks/${stack}/jobs`);
    await expect(page.getByRole("main")).not.toBeEmpty();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  }
  for (const p of paths) expect(p.split(/[/?]/), p).not.toContain("..");
});

test("a stack uid with an escaped slash stays one segment of the API's path", async ({ page }) => {
  const paths = apiPaths(page);
  await page.goto("/stacks/a%2Fb/jobs");
  await signIn(page);
  await expect(page.getByRole("alert").filter({ hasText: "Not found (404)" })).toBeVisible();
  const jobs = paths.filter((p) => p.includes("/jobs"));
  expect(jobs.length, paths.join(", ")).toBeGreaterThan(0);
  for (const p of jobs) expect(p).toMatch(/^\/api\/3\/stacks\/a%2Fb\/jobs\?page=1$/);
  // The rest of the app still works: the picker goes to a real stack.
  await page.getByLabel("Stack", { exact: true }).selectOption(PRODUCTION);
  await expect(pager(page)).toContainText("Page 1 of 3");
});
