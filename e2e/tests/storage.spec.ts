// Storage can fail (issue 30, item 4): localStorage throws in some private
// modes, when full, or when disabled, and entries can be corrupt or from an
// older version. Sign-in still works, every stored thing is read
// defensively, and a full store makes room from the app's own oldest entries.
import { expect, test } from "./fixtures";
import { activity, control, jobsTable, PRODUCTION, row, signIn, TOKEN } from "./helpers";

test.beforeEach(async ({ request }) => {
  await control(request, "reset");
  await control(request, "config", { action_delay_ms: 50 });
});

test("with storage that throws, sign-in works in memory and says the token will not be remembered", async ({ page }) => {
  await page.addInitScript(() => {
    const denied = () => {
      throw new DOMException("The operation is insecure.", "SecurityError");
    };
    for (const name of ["localStorage", "sessionStorage"]) {
      Object.defineProperty(window, name, { get: denied, configurable: true });
    }
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`/stacks/${PRODUCTION}/jobs`);
  await signIn(page);
  await expect(page.getByRole("status").filter({ hasText: "kept in this tab's memory only" })).toBeVisible();
  await expect(jobsTable(page)).toBeVisible();
  // Actions, their attribution and the live toggle work without storage too.
  await row(page, "db-backup").getByRole("button", { name: "Run now" }).click();
  await expect(activity(page).getByRole("listitem").first()).toContainText("Succeeded");
  await page.getByLabel("Live updates").uncheck();
  await expect(page.getByLabel("Live updates")).not.toBeChecked();
  expect(errors).toEqual([]);
});

test("corrupt or old entries are dropped, and the app starts clean", async ({ page }) => {
  await page.addInitScript(() => {
    if (sessionStorage.getItem("seeded")) return;
    sessionStorage.setItem("seeded", "1");
    localStorage.setItem("jobdeck.token", "   ");
    localStorage.setItem("jobdeck.api_url", "javascript:alert(1)");
    localStorage.setItem("jobdeck.runs", "{not json");
    localStorage.setItem("jobdeck.live", "maybe");
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`/stacks/${PRODUCTION}/jobs`);
  // The stored token is not one: sign-in asks again, and it is gone.
  await expect(page.getByLabel("API token")).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem("jobdeck.token"))).toBeNull();
  await signIn(page);
  await expect(jobsTable(page)).toBeVisible();
  await expect(page.getByLabel("Live updates")).toBeChecked();
  const stored = await page.evaluate(() => [localStorage.getItem("jobdeck.runs"), localStorage.getItem("jobdeck.live")]);
  expect(stored).toEqual([null, null]);
  // The records start again, readable.
  await row(page, "db-backup").getByRole("button", { name: "Run now" }).click();
  await expect(activity(page).getByRole("listitem").first()).toContainText("Succeeded");
  const runs = await page.evaluate(() => JSON.parse(localStorage.getItem("jobdeck.runs") ?? "null"));
  expect(Array.isArray(runs) && runs.length).toBe(1);
  expect(errors).toEqual([]);
});

test("a full store makes room from the app's own oldest entries, never another site's data", async ({ page }) => {
  await page.goto("/");
  // Fill the origin's storage: an old entry of the app's, then someone else's data up to the brim.
  const filled = await page.evaluate(() => {
    localStorage.clear();
    localStorage.setItem("jobdeck.legacy", "x".repeat(1_000_000));
    let chunk = "y".repeat(1_000_000);
    let n = 0;
    while (chunk.length > 0) {
      try {
        localStorage.setItem(`other.junk.${n++}`, chunk);
      } catch {
        chunk = chunk.slice(0, Math.floor(chunk.length / 2));
      }
    }
    try {
      localStorage.setItem("probe", "z".repeat(100));
      return false;
    } catch {
      return true;
    }
  });
  expect(filled, "the store is full").toBe(true);
  const others = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("other.")).length);
  await signIn(page);
  await expect(page.getByRole("status").filter({ hasText: "kept in this tab's memory only" })).toHaveCount(0);
  const after = await page.evaluate(() => ({
    token: localStorage.getItem("jobdeck.token"),
    legacy: localStorage.getItem("jobdeck.legacy"),
    others: Object.keys(localStorage).filter((k) => k.startsWith("other.")).length,
  }));
  expect(after).toEqual({ token: TOKEN, legacy: null, others });
});
