// Time (issue 29) and the device's clock (issue 30, item 3): the Time zone
// select on every page, cron words on both sides of a daylight-saving change,
// the Timeline, Busy moments and Runs per hour over a week that crosses a
// change in two zones, what a pause skips, and a device whose clock is off.
// The browser's clock is fixed (or fake) and the sandbox's agrees (fixClock)
// unless a test skews it on purpose; a stack of known crons is built on the
// empty stack, so every count below is worked out by hand.
import { expect, test, type APIRequestContext, type Page } from "./fixtures";
import {
  cell,
  control,
  EMPTY,
  fixClock,
  jobsTable,
  openJobs,
  PRODUCTION,
  row,
  signIn,
  stats,
} from "./helpers";

/** Saturday 2026-03-07 12:00 UTC: New York on EST (changes on the 8th, 07:00 UTC), Berlin on CET. */
const SATURDAY_NOON = "2026-03-07T12:00:00Z";

test.beforeEach(async ({ request }) => {
  await control(request, "reset");
  await control(request, "config", { action_delay_ms: 50 });
});

/** Adds jobs to the empty stack, in order: [name, cron, paused?]. */
async function buildStack(request: APIRequestContext, jobs: [string, string | null, boolean?][]) {
  for (const [name, cron, paused] of jobs) {
    await control(request, "jobs", { stack: EMPTY, add: { name, cron, paused: paused ?? false } });
  }
}

const zoneSelect = (page: Page) => page.getByLabel("Time zone");
/** A cell of a job's row, once the row is on screen (cell() reads the headers at once). */
async function jobCell(page: Page, name: string, column: string) {
  await expect(row(page, name)).toBeVisible();
  return cell(page, row(page, name), column);
}
const nextRunTime = async (page: Page, name: string) => (await jobCell(page, name, "Next run")).locator("time");
const scheduleWords = async (page: Page, name: string) => (await jobCell(page, name, "Schedule")).locator(".schedule-words");
const timeline = (page: Page) => page.getByRole("img", { name: "Timeline" });
const readout = (page: Page) => page.getByRole("status", { name: "Timeline mark" });
const runsPerHour = (page: Page) => page.getByRole("table", { name: "Runs per hour" });
const busy = (page: Page) => page.getByRole("list", { name: "Busy moments" });

/** The cells of the Runs per hour row headed `day` ("Sun 8"), hours 00 to 23. */
async function hourCells(page: Page, day: string) {
  const dayRow = runsPerHour(page)
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: day, exact: true }) });
  await expect(dayRow).toHaveCount(1);
  return (await dayRow.getByRole("cell").allInnerTexts()).map((t) => t.trim());
}

test.describe("in New York", () => {
  test.use({ timezoneId: "America/New_York" });

  test("the Time zone select: Local by default, then UTC and Berlin on every page, kept on this device", async ({
    page,
    request,
  }) => {
    await fixClock(page, request, SATURDAY_NOON);
    await openJobs(page);
    await expect(zoneSelect(page)).toHaveValue("local");
    await expect(zoneSelect(page).locator("option:checked")).toHaveText("Local (America/New_York)");
    const next = await nextRunTime(page, "db-backup");
    await expect(next).toHaveText("2026-03-07 22:00 EST");
    await expect(next).toHaveAttribute("datetime", "2026-03-08T03:00:00.000Z");
    await expect(await scheduleWords(page, "db-backup")).toHaveText("At 03:00 UTC (22:00 EST the day before), every day");
    const updated = (await jobCell(page, "db-backup", "Updated")).locator("time");
    const updatedAt = await updated.getAttribute("datetime");
    await expect(updated).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d E[SD]T$/);

    await zoneSelect(page).selectOption("UTC");
    await expect(next).toHaveText("2026-03-08 03:00 UTC");
    await expect(next).toHaveAttribute("datetime", "2026-03-08T03:00:00.000Z");
    await expect(await scheduleWords(page, "db-backup")).toHaveText("At 03:00 UTC, every day");
    await expect(updated).toHaveText(/ UTC$/);

    await zoneSelect(page).selectOption("Europe/Berlin");
    await expect(next).toHaveText("2026-03-08 04:00 CET");
    await expect(await scheduleWords(page, "db-backup")).toHaveText("At 03:00 UTC (04:00 CET), every day");
    await expect(updated).toHaveAttribute("datetime", updatedAt!);
    expect(await page.evaluate(() => localStorage.getItem("jobdeck.time_zone"))).toBe("Europe/Berlin");

    // Kept through a reload, and followed by every page's times.
    await page.reload();
    await expect(zoneSelect(page)).toHaveValue("Europe/Berlin");
    await expect(await nextRunTime(page, "db-backup")).toHaveText("2026-03-08 04:00 CET");
    await page.getByRole("link", { name: "History", exact: true }).click();
    const history = page.getByRole("table", { name: "History" });
    await expect(history.locator("time").first()).toHaveText(/ CET$/);
    await page.goto(`/stacks/${PRODUCTION}/jobs/98ee5a9b93919d9b63bd5377636675bd`);
    const nextRuns = page.getByRole("list", { name: "Next runs" });
    await expect(nextRuns.getByRole("listitem").first()).toHaveText("2026-03-08 04:00 CET (03:00 UTC)");
    await page.goto(`/stacks/${PRODUCTION}/upcoming`);
    const upcoming = page.getByRole("table", { name: "Upcoming" });
    await expect(upcoming.locator("time").first()).toHaveText("2026-03-07 13:02 CET");

    // Back to Local: the key goes, the times are New York's again.
    await zoneSelect(page).selectOption("local");
    await expect(upcoming.locator("time").first()).toHaveText("2026-03-07 07:02 EST");
    expect(await page.evaluate(() => localStorage.getItem("jobdeck.time_zone"))).toBeNull();
  });

  test("a kept zone that is odd, unknown or unreadable reads as Local, and no page breaks", async ({ page, request }) => {
    await fixClock(page, request, SATURDAY_NOON);
    for (const kept of ["Mars/Olympus_Mons", "<script>alert(1)</script>", "x".repeat(500)]) {
      await page.addInitScript((value) => localStorage.setItem("jobdeck.time_zone", value), kept);
      await openJobs(page);
      await expect(zoneSelect(page), kept).toHaveValue("local");
      await expect(await nextRunTime(page, "db-backup")).toHaveText("2026-03-07 22:00 EST");
      expect(await page.evaluate(() => localStorage.getItem("jobdeck.time_zone")), kept).toBeNull();
      await page.evaluate(() => localStorage.clear());
    }
  });

  test("storage that throws on the kept zone: Local, and a choice still works in memory", async ({ page, request }) => {
    await fixClock(page, request, SATURDAY_NOON);
    await page.addInitScript(() => {
      const get = Storage.prototype.getItem;
      const set = Storage.prototype.setItem;
      Storage.prototype.getItem = function (key: string) {
        if (key === "jobdeck.time_zone") throw new DOMException("denied", "SecurityError");
        return get.call(this, key);
      };
      Storage.prototype.setItem = function (key: string, value: string) {
        if (key === "jobdeck.time_zone") throw new DOMException("full", "QuotaExceededError");
        return set.call(this, key, value);
      };
    });
    await openJobs(page);
    await expect(zoneSelect(page)).toHaveValue("local");
    await zoneSelect(page).selectOption("UTC");
    await expect(await nextRunTime(page, "db-backup")).toHaveText("2026-03-08 03:00 UTC");
  });

  test("cron words give New York's time as of the next run, on both sides of the change", async ({ page, request }) => {
    // 02:00 UTC on the 8th: the next 03:00 UTC is still on EST.
    await fixClock(page, request, "2026-03-08T02:00:00Z");
    await openJobs(page);
    await expect(await scheduleWords(page, "db-backup")).toHaveText("At 03:00 UTC (22:00 EST the day before), every day");
    // 06:00 UTC on the 8th, still EST, but the next run (the 9th) is on EDT.
    await fixClock(page, request, "2026-03-08T06:00:00Z");
    await page.reload();
    await expect(await scheduleWords(page, "db-backup")).toHaveText("At 03:00 UTC (23:00 EDT the day before), every day");
  });

  test("a week across the change: 23-hour Sunday, runs per local hour, the timeline's marks and axis", async ({
    page,
    request,
  }) => {
    await buildStack(request, [
      ["nightly", "0 3 * * *"],
      ["half-hourly", "*/30 * * * *"],
    ]);
    // Thursday 5 March, 07:00 EST, for 7 days: to Thursday 12 March, 08:00 EDT.
    await fixClock(page, request, "2026-03-05T12:00:00Z");
    await page.goto(`/stacks/${EMPTY}/upcoming?window=7d`);
    await signIn(page);
    await expect(page.getByLabel("Window")).toHaveValue("7d");
    await expect(timeline(page)).toHaveAccessibleDescription("343 runs of 2 jobs in the next 7 days");

    const days = await runsPerHour(page).getByRole("rowheader").allInnerTexts();
    expect(days).toEqual(["Thu 5", "Fri 6", "Sat 7", "Sun 8", "Mon 9", "Tue 10", "Wed 11", "Thu 12"]);
    const hours = await runsPerHour(page).getByRole("columnheader").allInnerTexts();
    expect(hours).toEqual(["Day", ...Array.from({ length: 24 }, (_, h) => String(h).padStart(2, "0"))]);
    const thursday = await hourCells(page, "Thu 5");
    // Before the window: empty; 07:00 itself is now, not in it: 07:30 only.
    expect(thursday.slice(0, 8)).toEqual(["", "", "", "", "", "", "", "1"]);
    // 03:00 UTC is 22:00 EST until the change, 23:00 EDT after it.
    expect((await hourCells(page, "Sat 7"))[22]).toBe("3");
    const sunday = await hourCells(page, "Sun 8");
    expect(sunday.slice(0, 4)).toEqual(["2", "2", "–", "2"]);
    expect(sunday.slice(22)).toEqual(["2", "3"]);
    const last = await hourCells(page, "Thu 12");
    expect(last.slice(6, 10)).toEqual(["2", "2", "1", ""]);

    // The axis: each local midnight in the window.
    const labels = await timeline(page).locator("text.tick-label").allTextContents();
    expect(labels).toEqual(["Fri 6", "Sat 7", "Sun 8", "Mon 9", "Tue 10", "Wed 11", "Thu 12"]);

    // Focus and the arrow keys say each mark's job and time.
    await page.getByRole("group", { name: "Timeline marks" }).focus();
    await expect(readout(page)).toHaveText("nightly: 2026-03-05 22:00 EST");
    for (const expected of ["2026-03-06 22:00 EST", "2026-03-07 22:00 EST", "2026-03-08 23:00 EDT"]) {
      await page.keyboard.press("ArrowRight");
      await expect(readout(page)).toHaveText(`nightly: ${expected}`);
    }
    await page.keyboard.press("ArrowDown");
    await expect(readout(page)).toHaveText("half-hourly: 2026-03-08 23:00 EDT");
    await page.keyboard.press("Home");
    await expect(readout(page)).toHaveText("half-hourly: 2026-03-05 07:30 EST");

    // Pointing at a lane's first mark says it too.
    await page.getByRole("group", { name: "Timeline marks" }).blur();
    const marks = await timeline(page).locator('path[data-lane="nightly"]').boundingBox();
    await page.mouse.move(marks!.x + 1, marks!.y + marks!.height / 2);
    await expect(readout(page)).toHaveText("nightly: 2026-03-05 22:00 EST");

    // The list of runs is the text version, in the same zone.
    const list = page.getByRole("table", { name: "Upcoming" });
    const nightly = list.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "nightly" }) });
    await expect(nightly.locator("time")).toHaveText([
      "2026-03-05 22:00 EST",
      "2026-03-06 22:00 EST",
      "2026-03-07 22:00 EST",
      "2026-03-08 23:00 EDT",
      "2026-03-09 23:00 EDT",
      "2026-03-10 23:00 EDT",
      "2026-03-11 23:00 EDT",
    ]);

    // 24 hours again, through the select: the URL drops the key.
    await page.getByLabel("Window").selectOption("24 hours");
    await expect(page).toHaveURL(new RegExp(`/stacks/${EMPTY}/upcoming$`));
    await expect(timeline(page)).toHaveAccessibleDescription("49 runs of 2 jobs in the next 24 hours");
  });
});

test.describe("in Berlin", () => {
  test.use({ timezoneId: "Europe/Berlin" });

  test("a week across the change of 29 March: CET then CEST, and no 02:00 on Sunday", async ({ page, request }) => {
    await buildStack(request, [
      ["nightly", "0 3 * * *"],
      ["half-hourly", "*/30 * * * *"],
    ]);
    // Thursday 26 March, 13:00 CET, for 7 days: to Thursday 2 April, 14:00 CEST.
    await fixClock(page, request, "2026-03-26T12:00:00Z");
    await page.goto(`/stacks/${EMPTY}/upcoming?window=7d`);
    await signIn(page);
    await expect(zoneSelect(page).locator("option:checked")).toHaveText("Local (Europe/Berlin)");
    await expect(timeline(page)).toHaveAccessibleDescription("343 runs of 2 jobs in the next 7 days");
    const days = await runsPerHour(page).getByRole("rowheader").allInnerTexts();
    expect(days).toEqual(["Thu 26", "Fri 27", "Sat 28", "Sun 29", "Mon 30", "Tue 31", "Wed 1", "Thu 2"]);
    const saturday = await hourCells(page, "Sat 28");
    expect(saturday.slice(3, 6)).toEqual(["2", "3", "2"]);
    const sunday = await hourCells(page, "Sun 29");
    expect(sunday.slice(0, 6)).toEqual(["2", "2", "–", "2", "2", "3"]);
    const list = page.getByRole("table", { name: "Upcoming" });
    const nightly = list.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "nightly" }) });
    await expect(nightly.locator("time").first()).toHaveText("2026-03-27 04:00 CET");
    await expect(nightly.locator("time").nth(2)).toHaveText("2026-03-29 05:00 CEST");
    await expect(page.getByText("At 03:00 UTC (04:00 CET), every day")).toHaveCount(0);
    // The cron words on the jobs page follow the next run: Friday's, CET.
    await page.goto(`/stacks/${EMPTY}/jobs`);
    await expect(await scheduleWords(page, "nightly")).toHaveText("At 03:00 UTC (04:00 CET), every day");
  });
});

test.describe("in UTC", () => {
  test.use({ timezoneId: "UTC" });

  test("busy moments: 3 or more jobs of a stack in one minute, busiest first, with their names", async ({
    page,
    request,
  }) => {
    await buildStack(request, [
      ["backup-a", "0 3 * * *"],
      ["backup-b", "0 3 * * *"],
      ["backup-c", "0 3 * * *"],
      ["backup-d", "0 3 * * *"],
      ["paused-e", "0 3 * * *", true],
      ["report-x", "30 4 * * *"],
      ["report-y", "30 4 * * *"],
      ["report-z", "30 4 * * *"],
      ["alone", "0 6 * * *"],
    ]);
    await fixClock(page, request, SATURDAY_NOON);
    await page.goto(`/stacks/${EMPTY}/upcoming`);
    await signIn(page);
    await expect(busy(page).getByRole("listitem")).toHaveText([
      "2026-03-08 03:00 UTC: 4 jobs start together: backup-a, backup-b, backup-c, backup-d",
      "2026-03-08 04:30 UTC: 3 jobs start together: report-x, report-y, report-z",
    ]);
    await page.getByLabel("Window").selectOption("7 days");
    await expect(page).toHaveURL(/\?window=7d$/);
    await expect(busy(page).getByRole("listitem")).toHaveCount(14);
    await expect(busy(page).getByRole("listitem").nth(6)).toContainText("2026-03-14 03:00 UTC: 4 jobs");
    await expect(busy(page).getByRole("listitem").nth(7)).toContainText("2026-03-08 04:30 UTC: 3 jobs");

    // A stack where nothing piles up says so.
    await page.goto("/stacks/8ab47fb3576b0dc659d0b5238295db86/upcoming");
    await expect(busy(page).getByRole("listitem")).toHaveText(["No minute has 3 or more jobs starting together"]);
  });

  test("an unknown window in the URL is 24 hours", async ({ page, request }) => {
    await fixClock(page, request, SATURDAY_NOON);
    await page.goto(`/stacks/${PRODUCTION}/upcoming?window=1y`);
    await signIn(page);
    await expect(page.getByLabel("Window")).toHaveValue("24h");
    await expect(timeline(page)).toHaveAccessibleDescription(/ runs of \d+ jobs in the next 24 hours$/);
  });

  test("the timeline stays right as time passes, with no request", async ({ page, request }) => {
    await buildStack(request, [
      ["quarter", "*/15 * * * *"],
      ["nightly", "0 3 * * *"],
    ]);
    await control(request, "clock", { offset_ms: Date.parse(SATURDAY_NOON) - Date.now() });
    await page.clock.install({ time: new Date(SATURDAY_NOON) });
    await page.goto(`/stacks/${EMPTY}/upcoming`);
    await signIn(page);
    const list = page.getByRole("table", { name: "Upcoming" });
    // The fake clock runs on from noon while the page loads: 14 min and some seconds.
    await expect(list.getByRole("row").nth(1)).toContainText(/2026-03-07 12:15 UTC in 1[45] min/);
    await expect(timeline(page)).toHaveAccessibleDescription("97 runs of 2 jobs in the next 24 hours");
    await page.getByLabel("Live updates").uncheck();
    const before = (await stats(request)).total;

    await page.clock.fastForward(20 * 60_000);
    await control(request, "clock", { advance_ms: 20 * 60_000 });
    await expect(list.getByRole("row").nth(1)).toContainText(/2026-03-07 12:30 UTC in (10|9) min/);
    await page.getByRole("group", { name: "Timeline marks" }).focus();
    await expect(readout(page)).toHaveText("quarter: 2026-03-07 12:30 UTC");
    // 12:30 to 12:15 tomorrow, and 03:00: still 97, the window having moved.
    await expect(timeline(page)).toHaveAccessibleDescription("97 runs of 2 jobs in the next 24 hours");
    expect((await stats(request)).total, "requests while time passed").toBe(before);
  });

  test("Upcoming for every stack: each stack's jobs once, grouped, with a failed stack said and retried", async ({
    page,
    request,
  }) => {
    await fixClock(page, request, SATURDAY_NOON);
    const STAGING = "a0db7932995ade53c3fd1d447b8856ec";
    await control(request, "faults", { kind: "500", route: "GET /stacks/{stack}/jobs", stack: STAGING, page: 1 });
    await control(request, "faults", { kind: "slow", ms: 1500, route: "GET /stacks/{stack}/jobs", stack: PRODUCTION });
    await page.goto("/");
    await signIn(page);
    await page.getByRole("link", { name: "Upcoming runs of every stack" }).click();
    await expect(page).toHaveURL(/\/upcoming$/);
    const progress = page.getByRole("progressbar", { name: "Loading stacks" });
    await expect(progress).toBeVisible();
    await expect(progress).toHaveAttribute("aria-valuemax", "7");
    const failed = page.getByRole("alert").filter({ hasText: "Acme Staging" });
    await expect(failed).toContainText("could not all be loaded");
    await expect(progress).toBeHidden();

    const list = page.getByRole("table", { name: "Upcoming" });
    await expect(list.getByRole("columnheader", { name: "Stack" })).toBeVisible();
    await expect(list.getByRole("link", { name: "Acme Production" }).first()).toBeVisible();
    await expect(timeline(page)).toHaveAccessibleDescription(/^\d+ runs of \d+ jobs in the next 24 hours/);
    const lanes = await timeline(page).locator("text.stack-label").allTextContents();
    expect(lanes).toContain("Acme Production (production)");
    expect(lanes).not.toContain("Acme Staging (staging)");

    await failed.getByRole("button", { name: "Try again" }).click();
    await expect(failed).toBeHidden();
    await expect
      .poll(async () => timeline(page).locator("text.stack-label").allTextContents())
      .toContain("Acme Staging (staging)");

    // Every page of every stack asked for once, the failed one twice.
    const paths = (await stats(request)).paths;
    expect(paths[`GET /stacks/${PRODUCTION}/jobs?page=1`]).toBe(1);
    expect(paths[`GET /stacks/${PRODUCTION}/jobs?page=3`]).toBe(1);
    expect(paths[`GET /stacks/${STAGING}/jobs?page=1`]).toBe(2);
    expect(paths["GET /stacks/bc82bd5ae0a44316b4b6081c8c2b72f1/jobs?page=8"]).toBe(1);
  });
});

test.describe("what a pause skips, in New York", () => {
  test.use({ timezoneId: "America/New_York" });

  const STACK: [string, string | null, boolean?][] = [
    ["quarter", "*/15 * * * *"],
    ["nightly", "0 3 * * *"],
    ["weekly", "0 9 * * Mon"],
    ["by-hand", null],
    ["held", "*/5 * * * *", true],
  ];

  test("Pause all, Pause selected and the p key say how many runs the next 24 hours lose", async ({
    page,
    request,
  }) => {
    await buildStack(request, STACK);
    await fixClock(page, request, SATURDAY_NOON);
    await openJobs(page, EMPTY);

    await page.getByRole("button", { name: "Pause all", exact: true }).click();
    let dialog = page.getByRole("dialog");
    await expect(dialog).toContainText(
      "Skips 97 runs in the next 24 hours, the next at 2026-03-07 07:15 EST. " +
        "Of these jobs, 1 already paused, 1 on demand only.",
    );
    await dialog.getByRole("button", { name: "Cancel" }).click();

    await page.getByLabel("Select quarter").check();
    await page.getByLabel("Select weekly").check();
    await page.getByRole("toolbar", { name: "Selection" }).getByRole("button", { name: "Pause selected", exact: true }).click();
    dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("Skips 96 runs in the next 24 hours, the next at 2026-03-07 07:15 EST.");
    await dialog.getByRole("button", { name: "Cancel" }).click();

    for (const [name, words] of [
      ["quarter", "Skips 96 runs in the next 24 hours, the next at 2026-03-07 07:15 EST"],
      ["nightly", "Skips 1 run in the next 24 hours, the next at 2026-03-07 22:00 EST"],
      ["weekly", "Skips no runs in the next 24 hours; the next would be at 2026-03-09 05:00 EDT"],
      ["by-hand", "Runs on demand only: no scheduled run to skip"],
    ]) {
      await jobsTable(page).getByRole("link", { name, exact: true }).focus();
      await page.keyboard.press("p");
      dialog = page.getByRole("dialog", { name: `Pause ${name}?` });
      await expect(dialog.locator(".pause-skip")).toHaveText(words);
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await expect(dialog).toBeHidden();
    }
  });

  test("after Pause all, Restore previous state says what the pause skipped", async ({ page, request }) => {
    await buildStack(request, STACK);
    await control(request, "clock", { offset_ms: Date.parse(SATURDAY_NOON) - Date.now() });
    await page.clock.install({ time: new Date(SATURDAY_NOON) });
    await openJobs(page, EMPTY);
    await page.getByRole("button", { name: "Pause all", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();
    const entry = page.getByRole("log", { name: "Activity" }).getByRole("listitem").first();
    await expect(entry).toContainText("Succeeded");

    // An hour and five minutes later.
    await page.clock.fastForward(65 * 60_000);
    await control(request, "clock", { advance_ms: 65 * 60_000 });
    await entry.getByRole("button", { name: "Restore previous state" }).click();
    const dialog = page.getByRole("dialog");
    const skipped =
      "While paused (from 2026-03-07 07:00 EST, 1 h 5 min), their schedules skipped 4 runs: " +
      "quarter 4 (the first due 07:15 EST).";
    await expect(dialog).toContainText(skipped);
    await dialog.getByRole("button", { name: "Confirm" }).click();
    // Said under the Pause all's entry, once the restore has been sent.
    await expect(
      page.getByRole("log", { name: "Activity" }).getByText(`Restore sent: see each job's entry. ${skipped}`),
    ).toBeVisible();
  });
});

test.describe("a device whose clock is off", () => {
  test.use({ timezoneId: "UTC" });

  for (const [way, offset, note, next, hint] of [
    ["behind", 7 * 60_000, "This device's clock is 7 min behind; times use the API's clock", "2026-03-07T12:15:00.000Z", "in 7 min"],
    ["ahead", -7 * 60_000, "This device's clock is 7 min ahead; times use the API's clock", "2026-03-07T12:00:00.000Z", "in 6 min"],
  ] as const) {
    test(`7 minutes ${way}: every time uses the API's clock, and the page says so once`, async ({ page, request }) => {
      await fixClock(page, request, SATURDAY_NOON);
      await control(request, "clock", { offset_ms: Date.parse(SATURDAY_NOON) + offset - Date.now() });
      await openJobs(page);
      await expect(page.getByRole("status").filter({ hasText: note })).toHaveCount(1);
      // job-030 runs every 15 minutes: its next run is the API's, not the device's.
      const quarter = await jobCell(page, "job-030", "Next run");
      await expect(quarter.locator("time")).toHaveAttribute("datetime", next);
      await expect(quarter.locator(".hint")).toHaveText(hint);
      // What a pause skips counts from the API's clock too.
      await jobsTable(page).getByRole("link", { name: "job-030", exact: true }).focus();
      await page.keyboard.press("p");
      const dialog = page.getByRole("dialog", { name: "Pause job-030?" });
      await expect(dialog.locator(".pause-skip")).toContainText(
        `the next at ${next.slice(0, 10)} ${next.slice(11, 16)} UTC`,
      );
      await dialog.getByRole("button", { name: "Cancel" }).click();
      // And so does the Upcoming page.
      await page.goto(`/stacks/${PRODUCTION}/upcoming`);
      const first = page.getByRole("table", { name: "Upcoming" }).locator("time").first();
      const at = Date.parse((await first.getAttribute("datetime"))!);
      expect(at).toBeGreaterThan(Date.parse(SATURDAY_NOON) + offset);
      expect(at).toBeLessThanOrEqual(Date.parse(SATURDAY_NOON) + offset + 60_000);
      await expect(page.getByRole("status").filter({ hasText: note })).toHaveCount(1);
    });
  }

  test("within a minute the device's clock is kept, and nothing is said", async ({ page, request }) => {
    await fixClock(page, request, SATURDAY_NOON);
    await control(request, "clock", { offset_ms: Date.parse(SATURDAY_NOON) + 30_000 - Date.now() });
    await openJobs(page);
    const quarter = await jobCell(page, "job-030", "Next run");
    await expect(quarter.locator(".hint")).toHaveText("in 15 min");
    await expect(page.getByText("This device's clock is")).toHaveCount(0);
  });
});

test.describe("at 375 px", () => {
  test.use({ timezoneId: "UTC", viewport: { width: 375, height: 800 } });

  for (const path of [`/stacks/${PRODUCTION}/upcoming?window=7d`, "/upcoming"]) {
    test(`${path}: the page never scrolls sideways; the chart and the table scroll in their boxes`, async ({
      page,
      request,
    }) => {
      await fixClock(page, request, SATURDAY_NOON);
      await page.goto(path);
      await signIn(page);
      await expect(timeline(page)).toBeVisible();
      await expect(runsPerHour(page)).toBeVisible();
      await expect(page.getByRole("progressbar", { name: "Loading stacks" })).toHaveCount(0);
      const widths = await page.evaluate(() => ({
        page: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
        window: window.innerWidth,
      }));
      expect(widths.page, "the page's width").toBeLessThanOrEqual(widths.window);
      const chartBox = page.getByRole("group", { name: "Timeline marks" });
      const box = await chartBox.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(box.scroll, "the chart is wider than its box, which scrolls").toBeGreaterThan(box.client);
      expect(box.client).toBeLessThanOrEqual(375);
    });
  }
});
