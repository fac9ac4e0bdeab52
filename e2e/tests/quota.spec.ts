// The hourly quota: the meter follows the API's headers exactly, and running
// out of it stops the app politely until the window resets.
import { expect, test, type APIRequestContext, type Page } from "./fixtures";
import {
  activity,
  control,
  jobsTable,
  openJobs,
  pager,
  expectQuota,
  quota,
  row,
  SANDBOX,
  stackPicker,
  stats,
  TOKEN,
} from "./helpers";

test.beforeEach(async ({ request }) => {
  await control(request, "reset");
});

/** One counted request straight to the sandbox: its X-RateLimit-* headers. */
async function sandboxQuota(request: APIRequestContext) {
  const response = await request.get(`${SANDBOX}/api/3/ping/auth`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(response.status()).toBe(200);
  const headers = response.headers();
  return { limit: Number(headers["x-ratelimit-limit"]), remaining: Number(headers["x-ratelimit-remaining"]) };
}

test("the quota meter counts down with every request", async ({ page, request }) => {
  await page.goto("/");
  await page.getByLabel("API token").fill(TOKEN);
  await page.getByRole("button", { name: "Save token" }).click();
  await expect(quota(page)).toHaveText(/\d+ \/ 3600/);

  await stackPicker(page).selectOption({ label: "Acme Production (production)" });
  await expect(jobsTable(page)).toBeVisible();
  // Every request so far was counted: the meter says exactly what is left.
  const sent = (await stats(request)).total;
  expect(sent).toBeGreaterThanOrEqual(2);
  await expectQuota(page, 3600 - sent, 3600);

  // The sandbox's own headers agree (this request costs one more).
  const direct = await sandboxQuota(request);
  expect(direct).toEqual({ limit: 3600, remaining: 3600 - sent - 1 });

  // The next page costs one request, and the meter shows it.
  await pager(page).getByRole("link", { name: "Next" }).click();
  await expect(pager(page)).toContainText("Page 2 of 3");
  await expectQuota(page, direct.remaining - 1, 3600);

  // A run costs a POST and its polls; the meter keeps up.
  await row(page, "job-031").getByRole("button", { name: "Run now" }).click();
  await expect(activity(page).getByRole("listitem").first()).toContainText(/Succeeded|Failed/);
  await expect(async () => {
    const total = (await stats(request)).total;
    await expectQuota(page, 3600 - total, 3600, 200);
  }).toPass({ timeout: 5_000 });
  const after = Number((await quota(page).innerText()).match(/(\d+) \/ 3600/)?.[1]);
  expect(after).toBeLessThan(direct.remaining - 2);
});

/** The browser's own rendering of a time of day, as the banner shows it. */
async function localTimes(page: Page, fromMs: number, toMs: number) {
  // As the app writes them in the default Time zone (Local): "01:24:45 UTC",
  // the zone's short name as Intl gives it.
  return page.evaluate(
    ([from, to]) => {
      const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
      const zone = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" });
      const out: string[] = [];
      for (let t = from; t <= to + 1000; t += 1000) {
        const name = zone.formatToParts(t).find((p) => p.type === "timeZoneName")?.value;
        out.push(`${clock.format(t)} ${name}`);
      }
      return out;
    },
    [fromMs, toMs],
  );
}

test("throttled: a banner, disabled buttons, no request loop, then recovery", async ({
  page,
  request,
}) => {
  await openJobs(page);
  await control(request, "config", { rate_limit: 5, window_secs: 4 });

  // Four page loads, then runs until the API refuses: the sixth request in the
  // window is throttled (a run's POST or its first poll, whichever comes first).
  const next = pager(page).getByRole("link", { name: "Next" });
  const previous = pager(page).getByRole("link", { name: "Previous" });
  for (const [link, n] of [[next, 2], [previous, 1], [next, 2], [previous, 1]] as const) {
    await link.click();
    await expect(pager(page)).toContainText(`Page ${n} of 3`);
  }
  const banner = page.getByRole("alert").filter({ hasText: "API quota used up" });
  for (const name of ["db-backup", "on-demand-cleanup", "k8s-log-rotate"]) {
    if (await banner.isVisible()) break;
    // force: once throttled the button is aria-disabled, and a normal click
    // would wait for it to be enabled again.
    await row(page, name).getByRole("button", { name: "Run now" }).click({ force: true });
    await expect(
      banner.or(activity(page).getByRole("listitem").filter({ hasText: name })).first(),
    ).toBeVisible();
  }
  await expect(banner).toBeVisible({ timeout: 3_000 });
  const throttledAt = await page.evaluate(() => Date.now());
  expect((await stats(request)).total).toBeGreaterThanOrEqual(2 + 6);

  // It says when Jobdeck will try again: about 5 s from now (no retry hint from the API).
  const when = await banner.locator("time").innerText();
  expect(await localTimes(page, throttledAt + 3_000, throttledAt + 6_000)).toContain(when);
  await expect(banner).toContainText("will try again at");
  await expectQuota(page, 0, 5);

  // Buttons that change jobs are disabled, and clicking one sends nothing.
  const table = jobsTable(page);
  await expect(table).toBeVisible();
  await expect(row(page, "db-backup").getByRole("button", { name: "Run now" })).toBeDisabled();
  await expect(row(page, "flaky-import").getByRole("button", { name: "Run now" })).toBeDisabled();
  // aria-disabled, not disabled: a focused button keeps its focus.
  await expect(row(page, "flaky-import").getByRole("button", { name: "Run now" })).toHaveAttribute(
    "aria-disabled",
    "true",
  );
  await expect(row(page, "flaky-import").getByRole("button", { name: "Pause", exact: true })).toBeDisabled();
  await expect(row(page, "flaky-import").getByRole("button", { name: "Run with arguments…" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Pause all", exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Unpause all", exact: true })).toBeDisabled();

  const before = (await stats(request)).total;
  await row(page, "flaky-import").getByRole("button", { name: "Run now" }).click({ force: true });
  await page.getByRole("button", { name: "Pause all", exact: true }).click({ force: true });
  await expect(page.getByRole("dialog")).toHaveCount(0);
  // No request loop while waiting: at most a couple of requests in ~3 s.
  await page.waitForTimeout(Math.max(0, throttledAt + 3_500 - Date.now()));
  await expect(banner).toBeVisible();
  expect((await stats(request)).total - before).toBeLessThanOrEqual(2);

  // The window (4 s) has reset by the time Jobdeck tries again: it recovers by itself.
  await expect(banner).toBeHidden({ timeout: 10_000 });
  await expect(table).toBeVisible();
  await expect(pager(page)).toContainText("Page 1 of 3");
  await expect(row(page, "flaky-import").getByRole("button", { name: "Run now" })).toBeEnabled();
  await expect(page.getByRole("button", { name: "Pause all", exact: true })).toBeEnabled();
  // The runs that were waiting finish, and the quota meter counts again.
  await expect(activity(page).getByRole("listitem").filter({ hasText: "Running" })).toHaveCount(0, {
    timeout: 10_000,
  });
  await expect(quota(page)).toHaveText(/(^|\D)[0-5] \/ 5(\D|$)/);
  await expect(page.getByRole("alert")).toHaveCount(0);
});

test("a page refused while throttled keeps the last jobs on screen, then loads by itself", async ({
  page,
  request,
}) => {
  await openJobs(page);
  // A new limit restarts the window: two more requests pass, the third is refused.
  await control(request, "config", { rate_limit: 2, window_secs: 4 });
  const next = pager(page).getByRole("link", { name: "Next" });
  await next.click();
  await expect(pager(page)).toContainText("Page 2 of 3");
  await pager(page).getByRole("link", { name: "Previous" }).click();
  await expect(pager(page)).toContainText("Page 1 of 3");

  await next.click();
  await expect(page.getByRole("alert").filter({ hasText: "API quota used up" })).toBeVisible();
  await expect(page.getByText("Showing the jobs as last loaded (page 1)")).toBeVisible();
  await expect(jobsTable(page).getByRole("row")).toHaveCount(31);
  await expect(row(page, "db-backup").getByRole("button", { name: "Run now" })).toBeDisabled();
  await expect(page).toHaveURL(/page=2$/);

  // Jobdeck tries again after 5 s; the 4 s window has reset by then.
  await expect(pager(page)).toContainText("Page 2 of 3", { timeout: 10_000 });
  await expect(page.getByText("Showing the jobs as last loaded")).toHaveCount(0);
  await expect(row(page, "job-031")).toBeVisible();
});
