// Schedules (issue 10): cron in words, the Next run column and the job page,
// with the browser's clock fixed (the sandbox's agreeing: fixClock) and a
// time zone set on the context, so that every instant below is exact. Cron
// is read as UTC and described so, with the viewer's time beside it (issue
// 29); times on screen are the viewer's, with the zone's abbreviation.
// Expected instants were worked out by hand from the seeded crons
// (sandbox/README.md, "Schedules") and checked against Python's zoneinfo.
import { expect, test, type Page } from "./fixtures";
import {
  activity,
  cell,
  control,
  fixClock,
  JOB,
  jobsTable,
  latestEntry,
  openJobs,
  PRODUCTION,
  row,
  signIn,
} from "./helpers";

const CRON = {
  weekdays: "6da7051f03e769fa1756b806abc0fd21", // job-017, 0 9 * * Mon-Fri
  daily: "74e062200b994f162d415d51a3ac8101", // job-023, @daily
};

/** Saturday 2026-03-07 12:00 UTC: New York is on EST (UTC-5) until Sunday 8 March, 02:00 local. */
const SATURDAY_NOON = new Date("2026-03-07T12:00:00Z");

test.beforeEach(async ({ request }) => {
  await control(request, "reset");
  await control(request, "config", { action_delay_ms: 50 });
});

/** The Next run cell of a job's row. */
async function nextRun(page: Page, name: string) {
  return cell(page, row(page, name), "Next run");
}

/** Every API GET of one job (not its POSTs, not the list, not the page itself) the page sends. */
function countJobGets(page: Page, stack: string, job: string) {
  const seen: string[] = [];
  const path = new RegExp(`/stacks/${stack}/jobs/${job}(\\.json)?$`);
  page.on("request", (request) => {
    const api = ["fetch", "xhr"].includes(request.resourceType());
    if (api && request.method() === "GET" && path.test(new URL(request.url()).pathname)) {
      seen.push(request.url());
    }
  });
  return seen;
}

/** The Next runs list's `<time datetime>` values and item texts. */
async function nextRuns(page: Page) {
  const list = page.getByRole("list", { name: "Next runs" });
  await expect(list.getByRole("listitem")).toHaveCount(5);
  const datetimes = await list.locator("time").evaluateAll((times) =>
    times.map((t) => t.getAttribute("datetime")),
  );
  const texts = (await list.getByRole("listitem").allInnerTexts()).map((t) => t.trim());
  return { datetimes, texts };
}

test.describe("in New York (daylight saving starts on 8 March 2026)", () => {
  test.use({ timezoneId: "America/New_York" });

  test("the Next run column: exact instants, local text, hints, and the words for none", async ({ page, request }) => {
    await fixClock(page, request, SATURDAY_NOON);
    await openJobs(page);
    await expect(jobsTable(page).getByRole("columnheader", { name: "Next run" })).toBeVisible();

    const expected: [string, string, string, string][] = [
      // name, datetime (UTC), text in New York (EST until 8 March 07:00 UTC), hint from Saturday 12:00 UTC
      ["job-017", "2026-03-09T09:00:00.000Z", "2026-03-09 05:00 EDT", "in 1 day 21 h"],
      ["job-019", "2026-07-01T02:30:00.000Z", "2026-06-30 22:30 EDT", "in 115 days 14 h"],
      ["job-020", "2026-03-07T12:10:00.000Z", "2026-03-07 07:10 EST", "in 10 min"],
      ["job-021", "2026-03-09T09:15:00.000Z", "2026-03-09 05:15 EDT", "in 1 day 21 h"],
      ["job-022", "2026-03-13T12:00:00.000Z", "2026-03-13 08:00 EDT", "in 6 days"],
      ["job-023", "2026-03-08T00:00:00.000Z", "2026-03-07 19:00 EST", "in 12 h"],
      ["job-024", "2026-03-07T13:00:00.000Z", "2026-03-07 08:00 EST", "in 1 h"],
      ["job-025", "2026-03-08T00:00:00.000Z", "2026-03-07 19:00 EST", "in 12 h"],
      ["job-026", "2028-02-29T00:00:00.000Z", "2028-02-28 19:00 EST", "in 723 days 12 h"],
      ["job-030", "2026-03-07T12:15:00.000Z", "2026-03-07 07:15 EST", "in 15 min"],
      ["db-backup", "2026-03-08T03:00:00.000Z", "2026-03-07 22:00 EST", "in 15 h"],
    ];
    for (const [name, datetime, local, hint] of expected) {
      const next = await nextRun(page, name);
      const time = next.locator("time");
      await expect(time, name).toHaveAttribute("datetime", datetime);
      await expect(time, name).toHaveText(local);
      expect(Date.parse(datetime)).toBe(new Date(datetime).getTime());
      await expect(next.locator(".hint"), name).toHaveText(hint);
    }

    for (const [name, word] of [
      // Paused since their last change in 2023: a long pause says how long (issue 28).
      ["job-018", "Paused for 2 years"],
      ["job-027", "Paused for 2 years"],
      ["on-demand-cleanup", "On demand"],
      ["job-028", "Invalid schedule"],
      ["job-029", "Never"],
    ]) {
      const next = await nextRun(page, name);
      await expect(next, name).toHaveText(word);
      await expect(next.locator("time"), name).toHaveCount(0);
    }
  });

  test("the Schedule cell: the expression as given, then the words in UTC with New York's time as of the next run", async ({ page, request }) => {
    await fixClock(page, request, SATURDAY_NOON);
    await openJobs(page);
    for (const [name, cron, words] of [
      ["job-017", "0 9 * * Mon-Fri", "At 09:00 UTC (05:00 EDT), Monday to Friday"],
      ["job-019", "30 2 1 Jan,Jul *", "At 02:30 UTC (22:30 EDT the day before), on day 1 of the month, in January and July"],
      ["job-021", "15,30 9 * * 1-5", "At 09:15 and 09:30 UTC (05:15 and 05:30 EDT), Monday to Friday"],
      ["job-022", "0 12 13 * 5", "At 12:00 UTC (08:00 EDT), on day 13 of the month or on Friday"],
      ["job-023", "@daily", "At 00:00 UTC (19:00 EST the day before), every day"],
      ["job-030", "*/15 * * * *", "Every 15 minutes"],
      ["job-028", "61 25 * * *", "Invalid schedule"],
    ]) {
      const schedule = await cell(page, row(page, name), "Schedule");
      await expect(schedule, name).toHaveText(cron + words);
    }
    await expect(await cell(page, row(page, "on-demand-cleanup"), "Schedule")).toHaveText("On demand");
  });

  test("the job page from the table costs no request, and lists the next 5 runs", async ({ page, request }) => {
    await fixClock(page, request, SATURDAY_NOON);
    await openJobs(page);
    const gets = countJobGets(page, PRODUCTION, CRON.weekdays);
    await jobsTable(page).getByRole("link", { name: "job-017", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/stacks/${PRODUCTION}/jobs/${CRON.weekdays}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("job-017");
    await expect(page.getByText("At 09:00 UTC (05:00 EDT), Monday to Friday")).toBeVisible();
    const { datetimes, texts } = await nextRuns(page);
    expect(datetimes).toEqual([
      "2026-03-09T09:00:00.000Z",
      "2026-03-10T09:00:00.000Z",
      "2026-03-11T09:00:00.000Z",
      "2026-03-12T09:00:00.000Z",
      "2026-03-13T09:00:00.000Z",
    ]);
    expect(texts).toEqual([
      "2026-03-09 05:00 EDT (09:00 UTC)",
      "2026-03-10 05:00 EDT (09:00 UTC)",
      "2026-03-11 05:00 EDT (09:00 UTC)",
      "2026-03-12 05:00 EDT (09:00 UTC)",
      "2026-03-13 05:00 EDT (09:00 UTC)",
    ]);
    for (const name of ["Run now", "Run with arguments…", "Pause"]) {
      await expect(page.getByRole("button", { name, exact: true })).toBeVisible();
    }
    await expect(page.getByRole("table", { name: "Runs" }).or(page.getByText("No runs of this job"))).toBeVisible();
    expect(gets).toEqual([]);

    // Back to the jobs, and History, by links.
    await expect(page.getByRole("link", { name: "History", exact: true })).toHaveAttribute(
      "href",
      `/stacks/${PRODUCTION}/history`,
    );
    await page.getByRole("link", { name: "Jobs", exact: true }).click();
    await expect(jobsTable(page)).toBeVisible();
  });

  test("opened cold across the daylight-saving change: one request, local times shift by an hour", async ({ page, request }) => {
    // Thursday 5 March: the next weekday 09:00 UTC runs straddle Sunday 8 March.
    await fixClock(page, request, "2026-03-05T12:00:00Z");
    const gets = countJobGets(page, PRODUCTION, CRON.weekdays);
    await page.goto(`/stacks/${PRODUCTION}/jobs/${CRON.weekdays}`);
    await signIn(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("job-017");
    const { datetimes, texts } = await nextRuns(page);
    expect(datetimes).toEqual([
      "2026-03-06T09:00:00.000Z",
      "2026-03-09T09:00:00.000Z",
      "2026-03-10T09:00:00.000Z",
      "2026-03-11T09:00:00.000Z",
      "2026-03-12T09:00:00.000Z",
    ]);
    // 09:00 UTC is 04:00 EST on Friday, 05:00 EDT from Monday on.
    expect(texts).toEqual([
      "2026-03-06 04:00 EST (09:00 UTC)",
      "2026-03-09 05:00 EDT (09:00 UTC)",
      "2026-03-10 05:00 EDT (09:00 UTC)",
      "2026-03-11 05:00 EDT (09:00 UTC)",
      "2026-03-12 05:00 EDT (09:00 UTC)",
    ]);
    // The words say New York's time as of the next run: Friday's, still EST.
    await expect(page.getByText("At 09:00 UTC (04:00 EST), Monday to Friday")).toBeVisible();
    expect(gets).toHaveLength(1);
  });

  test("a daily run at midnight UTC moves from 19:00 to 20:00 New York time, and says its UTC date", async ({ page, request }) => {
    await fixClock(page, request, SATURDAY_NOON);
    await page.goto(`/stacks/${PRODUCTION}/jobs/${CRON.daily}`);
    await signIn(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("job-023");
    const { datetimes, texts } = await nextRuns(page);
    expect(datetimes).toEqual([
      "2026-03-08T00:00:00.000Z",
      "2026-03-09T00:00:00.000Z",
      "2026-03-10T00:00:00.000Z",
      "2026-03-11T00:00:00.000Z",
      "2026-03-12T00:00:00.000Z",
    ]);
    expect(texts).toEqual([
      "2026-03-07 19:00 EST (2026-03-08 00:00 UTC)",
      "2026-03-08 20:00 EDT (2026-03-09 00:00 UTC)",
      "2026-03-09 20:00 EDT (2026-03-10 00:00 UTC)",
      "2026-03-10 20:00 EDT (2026-03-11 00:00 UTC)",
      "2026-03-11 20:00 EDT (2026-03-12 00:00 UTC)",
    ]);
  });
});

test.describe("in Kolkata (UTC+05:30, no daylight saving)", () => {
  test.use({ timezoneId: "Asia/Kolkata" });

  test("the same instants, shown half an hour off the UTC hour", async ({ page, request }) => {
    await fixClock(page, request, SATURDAY_NOON);
    await openJobs(page);
    for (const [name, datetime, local] of [
      ["job-017", "2026-03-09T09:00:00.000Z", "2026-03-09 14:30 IST"],
      ["job-019", "2026-07-01T02:30:00.000Z", "2026-07-01 08:00 IST"],
      ["job-020", "2026-03-07T12:10:00.000Z", "2026-03-07 17:40 IST"],
      ["job-026", "2028-02-29T00:00:00.000Z", "2028-02-29 05:30 IST"],
    ]) {
      const time = (await nextRun(page, name)).locator("time");
      await expect(time, name).toHaveAttribute("datetime", datetime);
      await expect(time, name).toHaveText(local);
    }
  });
});

test.describe("the job page's errors and buttons", () => {
  test.use({ timezoneId: "UTC" });

  test("an unknown job uid says so, with a way back to the stack's jobs", async ({ page }) => {
    await page.goto(`/stacks/${PRODUCTION}/jobs/no-such-job`);
    await signIn(page);
    const alert = page.getByRole("alert").filter({ hasText: "This job does not exist on this stack (404)" });
    await expect(alert).toBeVisible();
    await alert.getByRole("link", { name: "See the stack's jobs" }).click();
    await expect(jobsTable(page)).toBeVisible();
  });

  test("Run now and Pause work from the job page, and it reloads after each", async ({ page, request }) => {
    await fixClock(page, request, SATURDAY_NOON);
    await page.goto(`/stacks/${PRODUCTION}/jobs/${JOB.dbBackup}`);
    await signIn(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("db-backup");
    // In UTC the time is written in UTC once.
    const { texts } = await nextRuns(page);
    expect(texts[0]).toBe("2026-03-08 03:00 UTC");
    const gets = countJobGets(page, PRODUCTION, JOB.dbBackup);

    await page.getByRole("button", { name: "Run now", exact: true }).click();
    await expect(latestEntry(page)).toContainText("db-backup");
    await expect(latestEntry(page)).toContainText("Succeeded");
    await expect.poll(() => gets.length).toBe(1);

    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await expect(page.getByRole("button", { name: "Unpause", exact: true })).toBeVisible();
    await expect(page.locator(".job-head .badge-paused")).toHaveText("Paused");
    await expect(activity(page).getByRole("listitem")).toHaveCount(2);
    await expect.poll(() => gets.length).toBe(2);
  });
});
