// Every kind of fault against every request a page makes, by route (not by
// the order requests happen to leave in): the first load's two requests, a
// page flip, an action's POST and its polls. Each must end in words a person
// understands (role=alert or an honest Activity entry), a page that still
// works, and no panic. Waits the app would sit through (throttles, the 30 s
// request timeout) are skipped with Playwright's fake clock.
import { expect, test, type APIRequestContext, type Page } from "./fixtures";
import {
  control,
  jobsTable,
  latestEntry,
  pager,
  PRODUCTION,
  row,
  rowHeader,
  SANDBOX,
  signIn,
  stackPicker,
  TOKEN,
  trackRequests,
} from "./helpers";

type Family = "transient" | "auth" | "throttled" | "timeout";
type Kind = { name: string; fault: Record<string, unknown>; family: Family; words: RegExp };

const KINDS: Kind[] = [
  { name: "500", fault: { kind: "500" }, family: "transient", words: /answered 500/ },
  { name: "502 page", fault: { kind: "502" }, family: "transient", words: /HTTP 502.*not JSON/ },
  { name: "dropped connection", fault: { kind: "drop" }, family: "transient", words: /HTTP 502.*not JSON/ },
  { name: "truncated body", fault: { kind: "truncated" }, family: "transient", words: /HTTP 200.*not JSON/ },
  { name: "body not JSON", fault: { kind: "not_json" }, family: "transient", words: /HTTP 200.*not JSON/ },
  { name: "empty 200", fault: { kind: "empty" }, family: "transient", words: /HTTP 200.*not JSON/ },
  { name: "HTML 200", fault: { kind: "html200" }, family: "transient", words: /HTTP 200.*not JSON/ },
  { name: "null response", fault: { kind: "null_response" }, family: "transient", words: /not in the expected form/ },
  { name: "401", fault: { kind: "401" }, family: "auth", words: /rejected the token \(401\)/ },
  { name: "503 throttled", fault: { kind: "503" }, family: "throttled", words: /quota is used up/ },
  { name: "429 Retry-After 0", fault: { kind: "429", retry_after: "0" }, family: "throttled", words: /quota is used up/ },
  {
    name: "429 Retry-After 3000000",
    fault: { kind: "429", retry_after: "3000000" },
    family: "throttled",
    words: /quota is used up/,
  },
  { name: "429 Retry-After abc", fault: { kind: "429", retry_after: "abc" }, family: "throttled", words: /quota is used up/ },
  { name: "slow past the timeout", fault: { kind: "slow", ms: 40_000 }, family: "timeout", words: /did not answer within 30 seconds/ },
];

const ROUTE = {
  stacks: "GET /stacks",
  jobs: "GET /stacks/{stack}/jobs",
  runNow: "POST /stacks/{stack}/jobs/{job}/run_now",
  poll: "GET /stacks/{stack}/actions/{id}",
};

/** Longer than any throttle Jobdeck believes (an hour) and the request timeout. */
const PAST_THROTTLE = 3_601_000;
const PAST_TIMEOUT = 31_000;

const RUST_WORDS = /Some\(|ApiError|expected (struct|u32|u64)|invalid type|\{"/;

test.beforeEach(async ({ page, request }) => {
  await control(request, "reset");
  await control(request, "config", { action_delay_ms: 50 });
  // Each test watches one request's fault; a live refresh (on by default)
  // fired by the fast-forwarded clock would load the page again by itself.
  await page.addInitScript(() => window.localStorage.setItem("jobdeck.live", "off"));
  await page.clock.install();
  const crashes: string[] = [];
  page.on("pageerror", (error) => crashes.push(error.message));
  (page as Page & { crashes?: string[] }).crashes = crashes;
});

test.afterEach(async ({ page }) => {
  const crashes = (page as Page & { crashes?: string[] }).crashes ?? [];
  expect(crashes, "uncaught errors in the page").toEqual([]);
  await expect(page.getByRole("heading", { name: "Jobdeck stopped" })).toHaveCount(0);
});

/** Signs in without waiting for the console: a 401 may send the form back at once. */
async function submitToken(page: Page) {
  await page.getByLabel("API token").fill(TOKEN);
  await page.getByRole("button", { name: "Save token" }).click();
}

/** Clicks Run now on db-backup and waits for the POST's answer (so that a
 * fast-forward of the clock cannot time the POST out). */
async function runBackup(page: Page) {
  const answered = page.waitForResponse((r) => r.url().includes("/run_now") && r.request().method() === "POST");
  await row(page, "db-backup").getByRole("button", { name: "Run now" }).click();
  await answered;
}

/** Lets the first poll leave and waits until its answer (or, for a request
 * held past the timeout, its start) is in. */
async function firstPoll(page: Page, kind: Kind) {
  const polled =
    kind.family === "timeout"
      ? page.waitForRequest((r) => r.url().includes("/actions/"))
      : page.waitForResponse((r) => r.url().includes("/actions/"));
  await page.clock.fastForward(1_000);
  await polled;
  if (kind.family === "timeout") await sandboxTookTheFault();
}

/** Waits until the sandbox has taken every fault it was given. */
async function sandboxTookTheFault() {
  await expect
    .poll(async () => (await (await fetch(`${SANDBOX}/__sandbox/faults`)).json()).pending.length, {
      message: "the sandbox took the fault",
    })
    .toBe(0);
}

async function fault(request: APIRequestContext, kind: Kind, route: string) {
  await control(request, "faults", { ...kind.fault, route });
}

/** For a timeout: the faulted request leaving (the app's 30 s timer starts
 * with it, so the clock may jump only after it) and reaching the sandbox,
 * which takes the fault then (on a loaded machine a jump made as soon as the
 * request left could abort it before nginx passed it on, and the fault would
 * fall on the retry instead); nothing to wait for otherwise. Set up before
 * what sends the request. */
function leaving(page: Page, kind: Kind, url: (u: string) => boolean) {
  if (kind.family !== "timeout") return Promise.resolve(null);
  return page.waitForRequest((r) => url(r.url())).then(sandboxTookTheFault);
}

/** Lets the app sit out what this fault makes it wait for. */
async function waitOut(page: Page, kind: Kind) {
  // Only once the app has taken the throttled answer in: a jump made while
  // it still handles the answer is an hour that was not a throttle's wait.
  if (kind.family === "throttled") await expect(page.locator(".banner.throttled")).toBeVisible();
  if (kind.family === "throttled") await page.clock.fastForward(PAST_THROTTLE);
  if (kind.family === "timeout") await page.clock.fastForward(PAST_TIMEOUT);
}

async function expectWords(locator: ReturnType<Page["getByRole"]>, kind: Kind) {
  await expect(locator).toContainText(kind.words);
  await expect(locator).not.toContainText(RUST_WORDS);
}

/** A 401 sends the person to sign in, saying why; signing in again works. */
async function expectSignInAgain(page: Page) {
  await expect(page.getByRole("alert")).toContainText("The API rejected the token (401). Sign in again.");
  await signIn(page);
}

async function expectUsable(page: Page) {
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(jobsTable(page)).toBeVisible();
}

for (const kind of KINDS) {
  test.describe(`fault: ${kind.name}`, () => {
    test("on the first load's stack list", async ({ page, request }) => {
      await fault(request, kind, ROUTE.stacks);
      await page.goto(`/stacks/${PRODUCTION}/jobs`);
      const asked = leaving(page, kind, (u) => u.includes("/api/3/stacks?"));
      await submitToken(page);
      await asked;
      if (kind.family === "auth") {
        await expectSignInAgain(page);
      } else {
        if (kind.family === "timeout") {
          // The first load's other request must be answered before the jump,
          // or on a busy machine it is still in flight and rightly times out too.
          await expect(jobsTable(page), "the jobs answer is in before the jump").toBeVisible();
          await waitOut(page, kind);
        }
        const problem = page.getByRole("alert").filter({ hasText: "stack list could not be loaded" });
        await expectWords(problem, kind);
        // A throttle lifts by itself and the list loads again; otherwise the person asks.
        if (kind.family === "throttled") await waitOut(page, kind);
        else await problem.getByRole("button", { name: "Load stacks again" }).click();
        await expect(problem).toHaveCount(0);
      }
      await expectUsable(page);
      await expect(stackPicker(page).getByRole("option", { name: "Acme Staging (staging)" })).toBeAttached();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acme Production (production)");
    });

    test("on the first load's jobs", async ({ page, request }) => {
      await fault(request, kind, ROUTE.jobs);
      await page.goto(`/stacks/${PRODUCTION}/jobs`);
      const asked = leaving(page, kind, (u) => u.includes("/jobs?page="));
      await submitToken(page);
      await asked;
      if (kind.family === "auth") {
        await expectSignInAgain(page);
      } else {
        const problem = page.locator("main").getByRole("alert");
        if (kind.family === "timeout") {
          const listed = stackPicker(page).getByRole("option", { name: "Acme Production (production)" });
          await expect(listed, "the stack list is in before the jump").toBeAttached();
          await waitOut(page, kind);
        }
        await expectWords(problem, kind);
        await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
        if (kind.family === "throttled") await waitOut(page, kind);
        else await problem.getByRole("button", { name: "Try again" }).click();
      }
      await expectUsable(page);
      await expect(rowHeader(page, "db-backup")).toBeVisible();
    });

    test("on a page flip", async ({ page, request }) => {
      await page.goto(`/stacks/${PRODUCTION}/jobs`);
      await signIn(page);
      await expect(rowHeader(page, "db-backup")).toBeVisible();
      await fault(request, kind, ROUTE.jobs);
      const asked = leaving(page, kind, (u) => u.includes("/jobs?page=2"));
      await pager(page).getByRole("link", { name: "Next" }).click();
      await asked;
      if (kind.family === "auth") {
        await expectSignInAgain(page);
      } else if (kind.family === "throttled") {
        // The rows already on screen stay, with a note, until the window resets.
        await expect(page.getByText("Showing the jobs as last loaded (page 1)")).toBeVisible();
        await expect(rowHeader(page, "db-backup")).toBeVisible();
        await waitOut(page, kind);
      } else {
        if (kind.family === "timeout") await waitOut(page, kind);
        const problem = page.locator("main").getByRole("alert");
        await expectWords(problem, kind);
        await problem.getByRole("button", { name: "Try again" }).click();
      }
      await expectUsable(page);
      await expect(pager(page)).toContainText("Page 2 of 3");
      await expect(rowHeader(page, "job-031")).toBeVisible();
    });

    test("on an action's POST", async ({ page, request }) => {
      await page.goto(`/stacks/${PRODUCTION}/jobs`);
      await signIn(page);
      await fault(request, kind, ROUTE.runNow);
      const sent = page.waitForRequest((r) => r.url().includes("/run_now"));
      await row(page, "db-backup").getByRole("button", { name: "Run now" }).click();
      await sent;
      if (kind.family === "auth") {
        await expectSignInAgain(page);
        await expect(latestEntry(page)).toContainText("Failed: Not started. The API rejected the token (401).");
      } else if (kind.family === "throttled") {
        await expect(latestEntry(page)).toContainText("Failed: Not started: the hourly API quota is used up.");
        await waitOut(page, kind);
      } else {
        await waitOut(page, kind);
        // The API may have acted on it: Jobdeck says it cannot tell, never "not started".
        await expect(latestEntry(page)).toContainText("Outcome unknown:");
        await expect(latestEntry(page)).toContainText("Check the stack's actions");
        await expect(latestEntry(page)).not.toContainText(RUST_WORDS);
      }
      await expectUsable(page);
      await runBackup(page);
      await page.clock.fastForward(1_000);
      await expect(latestEntry(page)).toContainText("Succeeded");
    });

    test("on an action's poll", async ({ page, request }) => {
      await page.goto(`/stacks/${PRODUCTION}/jobs`);
      await signIn(page);
      await fault(request, kind, ROUTE.poll);
      await runBackup(page);
      await expect(latestEntry(page)).toContainText("Running");
      await firstPoll(page, kind);
      if (kind.family === "auth") {
        await expectSignInAgain(page);
        await expect(latestEntry(page)).toContainText("Outcome unknown: the API rejected the token");
      } else {
        await waitOut(page, kind);
        if (kind.family === "transient" || kind.family === "timeout") {
          await expect(latestEntry(page)).toContainText("Could not check on it (1 in a row)");
        }
        // The next poll, whenever the app set it after the fault: the clock
        // moves half a second at a time (10 s of it at most, far from the
        // 20 minutes after which following stops).
        let moved = 0;
        await expect
          .poll(async () => {
            if (moved < 10_000) {
              await page.clock.fastForward(500);
              moved += 500;
            }
            return (await latestEntry(page).textContent()) ?? "";
          }, { timeout: 20_000 })
          .toContain("Succeeded");
      }
      await expectUsable(page);
    });
  });
}

// All jobs' requests (issue 30, item 8): the stack list, each stack's first
// page and a later page, each kind of fault in the middle of loading every
// stack. One stack's fault stays in its row; the others load; a throttle
// stops loading until the window resets, then it goes on by itself; a 401
// asks for the token and the page loads the rest once signed in again.
const ALL_JOBS_TOTAL = 383;
const STAGING_UID = "a0db7932995ade53c3fd1d447b8856ec";

const stacksTable = (page: Page) => page.getByRole("table", { name: "Stacks" });
const stackRow = (page: Page, label: string) =>
  stacksTable(page)
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: label, exact: true }) });
const foundAll = (page: Page) => page.getByRole("status").filter({ hasText: /^Showing \d+ of \d+ jobs$/ });
const loadingStacks = (page: Page) => page.getByRole("progressbar", { name: "Loading stacks" });

/** Every stack loaded: the whole seed in the All jobs table. */
async function expectAllLoaded(page: Page) {
  await expect(foundAll(page)).toHaveText(`Showing ${ALL_JOBS_TOTAL} of ${ALL_JOBS_TOTAL} jobs`);
  await expect(page.getByRole("table", { name: "All jobs" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

for (const kind of KINDS) {
  test.describe(`fault on All jobs: ${kind.name}`, () => {
    test("on the stack list", async ({ page, request }) => {
      await fault(request, kind, ROUTE.stacks);
      const idle = trackRequests(page);
      await page.goto("/jobs");
      const asked = leaving(page, kind, (u) => u.includes("/api/3/stacks?"));
      await submitToken(page);
      await asked;
      if (kind.family === "auth") {
        await expectSignInAgain(page);
      } else {
        if (kind.family === "timeout") await waitOut(page, kind);
        const problem = page.locator("main").getByRole("alert");
        await expect(page.getByText("The stack list could not be loaded.")).toBeVisible();
        await expectWords(problem, kind);
        // Said once, by the page: the header's picker leaves it to the page here.
        await expect(page.getByRole("alert").filter({ hasText: "stack list could not be loaded" })).toHaveCount(0);
        if (kind.family === "throttled") {
          await idle();
          await waitOut(page, kind);
        } else await problem.getByRole("button", { name: "Try again" }).click();
      }
      await expectAllLoaded(page);
    });

    for (const [where, stack, pageNo, label] of [
      ["a stack's first page", STAGING_UID, 1, "Acme Staging (staging)"],
      ["a later page of a stack", PRODUCTION, 2, "Acme Production (production)"],
    ] as const) {
      test(`on ${where}`, async ({ page, request }) => {
        await control(request, "faults", { ...kind.fault, route: ROUTE.jobs, stack, page: pageNo });
        const idle = trackRequests(page);
        await page.goto("/jobs");
        const asked = leaving(page, kind, (u) => u.includes(`/stacks/${stack}/jobs?page=${pageNo}`));
        await submitToken(page);
        await asked;
        const row = stackRow(page, label);
        if (kind.family === "auth") {
          await expectSignInAgain(page);
          await expectAllLoaded(page);
          return;
        }
        if (kind.family === "timeout") {
          // Every other stack is in before the clock jumps past the timeout.
          await expect(loadingStacks(page)).toHaveAttribute("aria-valuenow", "6");
          await waitOut(page, kind);
        }
        if (kind.family === "throttled") {
          // Loading stops, saying which stacks are missing and that it goes on by itself.
          const stopped = page.getByRole("alert").filter({ hasText: "The API's quota ran out while loading" });
          await expect(stopped).toContainText(label);
          await expect(row).toContainText(kind.words);
          await idle();
          await waitOut(page, kind);
        } else {
          await expectWords(row, kind);
          // The other stacks are there meanwhile.
          await expect(stackRow(page, "Big Batch (production)")).toContainText("Yes");
          await row.getByRole("button", { name: "Try again" }).click();
        }
        await expect(row).toContainText("Yes");
        await expectAllLoaded(page);
      });
    }
  });
}
