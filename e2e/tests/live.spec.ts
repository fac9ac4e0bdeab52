// Live updates (issue 13): the view refreshes itself on the quota budget, in
// one tab per browser, never while hidden, without disturbing the person;
// notifications for actions that end while the tab is hidden; the keys.
// Time is the browser's fake clock, fast-forwarded: nothing here waits for
// the real interval.
import { expect, test, type APIRequestContext, type Page } from "./fixtures";
import {
  activity,
  control,
  JOB,
  jobsTable,
  openJobs,
  PRODUCTION,
  row,
  rowHeader,
  routeCount,
  SANDBOX,
  settle,
  stats,
  TOKEN,
  trackRequests,
} from "./helpers";

const JOBS = "GET /stacks/{stack}/jobs";
const isJobsGet = (url: string, method: string) => method === "GET" && /\/stacks\/[^/]+\/jobs(\.json)?(\?|$)/.test(url);

test.beforeEach(async ({ page, request }) => {
  await control(request, "reset");
  await control(request, "config", { action_delay_ms: 50 });
  const crashes: string[] = [];
  page.on("pageerror", (error) => crashes.push(error.message));
  (page as Page & { crashes?: string[] }).crashes = crashes;
});

test.afterEach(async ({ page }) => {
  expect((page as Page & { crashes?: string[] }).crashes ?? [], "uncaught errors in the page").toEqual([]);
});

const lastUpdated = (page: Page) => page.getByRole("status", { name: "Last updated" });

/** Pretends the tab was hidden or shown, as switching tabs does. */
async function setVisibility(page: Page, state: "hidden" | "visible") {
  await page.evaluate((state) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => state });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => state === "hidden" });
    document.dispatchEvent(new Event("visibilitychange", { bubbles: true }));
  }, state);
}

/** Counts the page's API requests still on their way, so a fast-forward never times one out. */

/** Keeps the wasm instance's exports (trunk's start event carries them), for its memory. */
async function keepWasmExports(page: Page) {
  await page.addInitScript(() => {
    addEventListener("TrunkApplicationStarted", (e) => {
      (window as unknown as { __wasm: unknown }).__wasm = (e as CustomEvent).detail?.wasm;
    });
  });
}

/** Reads the JS heap and the wasm memory after two forced collections. */
async function memoryReader(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  return async () => {
    await cdp.send("HeapProfiler.enable");
    for (let i = 0; i < 2; i++) await cdp.send("HeapProfiler.collectGarbage");
    // The fake clock replaces `performance`, so the heap is read over CDP.
    const { usedSize } = await cdp.send("Runtime.getHeapUsage");
    const wasm = await page.evaluate(
      () => (window as unknown as { __wasm?: { memory: WebAssembly.Memory } }).__wasm?.memory.buffer.byteLength ?? 0,
    );
    return { js: usedSize, wasm };
  };
}

/** A soak's start: the sandbox set to `config`, the jobs page open on the
 * fake clock, and what the soak checks as it goes: the requests refused for
 * the quota, the API requests in flight, and a memory reader. */
async function startSoak(page: Page, request: APIRequestContext, config: Record<string, number>) {
  await control(request, "config", config);
  const refused: string[] = [];
  page.on("response", (r) => r.status() === 503 && refused.push(r.url()));
  await keepWasmExports(page);
  await page.clock.install();
  await openJobs(page);
  return { refused, idle: trackRequests(page), memory: await memoryReader(page) };
}

/** Pauses a job behind the app's back, straight through the sandbox's API, and waits until it is. */
async function pauseElsewhere(request: APIRequestContext, job: string) {
  const auth = { Authorization: `Bearer ${TOKEN}` };
  const answer = await request.post(`${SANDBOX}/api/3/stacks/${PRODUCTION}/jobs/${job}/pause`, { headers: auth });
  expect(answer.ok()).toBeTruthy();
  await expect
    .poll(async () => {
      const got = await request.get(`${SANDBOX}/api/3/stacks/${PRODUCTION}/jobs/${job}`, { headers: auth });
      return (await got.json()).response?.paused;
    })
    .toBe(true);
}

test("a live refresh shows a change made elsewhere and keeps the rows that did not change", async ({ page, request }) => {
  await page.clock.install();
  await openJobs(page);
  await expect(lastUpdated(page)).toContainText("Updated just now");
  await expect(lastUpdated(page)).toContainText("Live: every 15 s");
  await expect(page.getByLabel("Live updates")).toBeChecked();

  const kept = await row(page, "cache-warmup").elementHandle();
  const changed = await row(page, "db-backup").elementHandle();
  // Focus sits on a row that does not change; it must stay there.
  const link = rowHeader(page, "cache-warmup").getByRole("link");
  await link.focus();

  await pauseElsewhere(request, JOB.dbBackup);
  const refreshed = page.waitForResponse((r) => isJobsGet(r.url(), r.request().method()));
  await page.clock.fastForward(16_000);
  await refreshed;

  await expect(rowHeader(page, "db-backup", { paused: true })).toBeVisible();
  expect(await kept!.evaluate((e) => e.isConnected), "an unchanged row keeps its node").toBe(true);
  expect(await changed!.evaluate((e) => e.isConnected), "a changed row is drawn anew").toBe(false);
  await expect(link).toBeFocused();
  await expect(page.getByText("Loading…")).toHaveCount(0);
  await expect(lastUpdated(page)).toContainText("Updated just now");

  // A minute later without a refresh, it says so.
  await page.getByLabel("Live updates").uncheck();
  await page.clock.fastForward(125_000);
  await expect(lastUpdated(page)).toContainText("Updated 2 min ago");
  await expect(lastUpdated(page)).toContainText("Live updates off");
});

test("a hidden tab does not refresh, and refreshes at once when seen again", async ({ page, request }) => {
  await page.clock.install();
  await openJobs(page);
  const idle = trackRequests(page);
  await setVisibility(page, "hidden");
  await expect(lastUpdated(page)).toContainText("Live paused: tab hidden");
  const before = await routeCount(request, JOBS);
  for (let i = 0; i < 10; i++) await page.clock.fastForward(60_000);
  await settle(page);
  expect(await routeCount(request, JOBS), "no GET jobs while hidden").toBe(before);

  const refreshed = page.waitForResponse((r) => isJobsGet(r.url(), r.request().method()));
  await setVisibility(page, "visible");
  await refreshed;
  await idle();
  expect(await routeCount(request, JOBS)).toBe(before + 1);
  await expect(lastUpdated(page)).toContainText("Live: every 15 s");
});

test("below the reserve kept for actions, live refresh stops and says so", async ({ page, request }) => {
  await control(request, "config", { rate_limit: 60 });
  await page.clock.install();
  await openJobs(page);
  await expect(lastUpdated(page)).toContainText("Live paused: keeping 50 requests for actions");
  const before = await routeCount(request, JOBS);
  for (let i = 0; i < 5; i++) await page.clock.fastForward(60_000);
  await settle(page);
  expect(await routeCount(request, JOBS)).toBe(before);
});

test("five tabs cost what one costs, and another takes over when the refresher closes", async ({ context, request }) => {
  // One fake clock for the whole context: the tabs' time moves together.
  await context.clock.install();
  const first = await context.newPage();
  await openJobs(first);
  const others: Page[] = [];
  for (let i = 0; i < 4; i++) {
    const tab = await context.newPage();
    await tab.goto(`/stacks/${PRODUCTION}/jobs`);
    await expect(jobsTable(tab)).toBeVisible();
    others.push(tab);
  }
  const idle = [first, ...others].map(trackRequests);

  // A heartbeat at a time.
  const run = async (ms: number) => {
    for (let t = 0; t < ms; t += 5_000) {
      await context.clock.fastForward(5_000);
      for (const wait of idle) await wait();
    }
  };
  await run(10_000);
  await expect(lastUpdated(first)).toContainText("Live: every 15 s");
  for (const tab of others) await expect(lastUpdated(tab)).toContainText("Live: another tab refreshes");

  const before = await routeCount(request, JOBS);
  await run(120_000);
  const spent = (await routeCount(request, JOBS)) - before;
  console.log(`five tabs: ${spent} GET jobs in 2 simulated minutes`);
  // One refresher at 15 s: 8 in two minutes (one more at a boundary).
  expect(spent).toBeGreaterThanOrEqual(7);
  expect(spent, "five tabs refresh as one").toBeLessThanOrEqual(9);

  // Its goodbye hands over at once (were it lost, the silence would, within
  // 12.5 s): the oldest of the others leads.
  // With runBeforeUnload, close() does not wait for the page to be gone; a
  // clock call on the context while it is closing fails.
  const gone = first.waitForEvent("close");
  await first.close({ runBeforeUnload: true });
  await gone;
  // At once: no time moves before the new leader says so (and refreshes its
  // old data).
  await expect(lastUpdated(others[0])).toContainText("Live: every 15 s");
  // Its next refresh falls due 15 s after that one, which must have answered
  // first (an ask with no answer by then counts as a failure and doubles the
  // interval): time moves a heartbeat at a time, each after the requests.
  const rest = idle.slice(1);
  for (let t = 0; t < 15_000; t += 5_000) {
    for (const wait of rest) await wait();
    await context.clock.fastForward(5_000);
  }
  for (const wait of rest) await wait();
  await expect(lastUpdated(others[0])).toContainText("Live: every 15 s");
  for (const tab of others.slice(1)) await expect(lastUpdated(tab)).toContainText("Live: another tab refreshes");
});

test("an action that ends while the tab is hidden notifies once and counts in the title", async ({ page, context }) => {
  await context.grantPermissions(["notifications"]);
  await page.addInitScript(() => {
    const calls: unknown[] = [];
    (window as unknown as { __notes: unknown[] }).__notes = calls;
    window.Notification = new Proxy(window.Notification, {
      construct(target, args) {
        calls.push(args);
        return Reflect.construct(target, args);
      },
    });
  });
  await page.clock.install();
  await openJobs(page);
  const notify = page.getByRole("button", { name: "Notify me" });
  await notify.click();
  await expect(notify).toHaveAttribute("aria-pressed", "true");

  await row(page, "db-backup").getByRole("button", { name: "Run now" }).click();
  await setVisibility(page, "hidden");
  for (let i = 0; i < 10; i++) {
    await page.clock.fastForward(1_500);
    if (await activity(page).getByRole("listitem").first().getByText(/Succeeded|Failed/).count()) break;
  }
  await expect(activity(page).getByRole("listitem").first()).toContainText(/Succeeded|Failed/);
  await expect.poll(() => page.title()).toBe("(1) Jobdeck");
  await page.clock.fastForward(2_500);
  const notes = await page.evaluate(() => (window as unknown as { __notes: [string, { body: string }][] }).__notes);
  expect(notes).toHaveLength(1);
  expect(notes[0][1].body).toContain("db-backup");

  await setVisibility(page, "visible");
  await expect.poll(() => page.title()).toBe("Jobdeck");
});

test("keys: / searches, j and k move between rows, r and p ask first, ? lists them", async ({ page, request }) => {
  await openJobs(page);
  await page.keyboard.press("/");
  await expect(page.getByLabel("Search jobs")).toBeFocused();
  // Typing in a field is typing, not a key.
  await page.keyboard.type("j");
  await expect(page.getByLabel("Search jobs")).toHaveValue("j");
  await page.getByLabel("Search jobs").fill("");
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

  const links = jobsTable(page).getByRole("rowheader").getByRole("link");
  // Clearing the search loads the page's jobs again: j needs their table.
  await expect(page.getByText("Loading jobs…")).toHaveCount(0);
  await expect(links.first()).toBeVisible();
  await page.keyboard.press("j");
  await expect(links.nth(0)).toBeFocused();
  await page.keyboard.press("j");
  await expect(links.nth(1)).toBeFocused();
  await page.keyboard.press("k");
  await expect(links.nth(0)).toBeFocused();
  const name = (await links.nth(0).textContent())!;

  // p asks; Cancel sends nothing.
  await page.keyboard.press("p");
  const pause = page.getByRole("dialog", { name: new RegExp(`^(Pause|Unpause) ${name}\\?$`) });
  await expect(pause).toBeVisible();
  await pause.getByRole("button", { name: "Cancel" }).click();
  await expect(pause).toHaveCount(0);
  expect((await stats(request)).routes["POST /stacks/{stack}/jobs/{job}/pause"] ?? 0).toBe(0);

  // r asks; Confirm runs it.
  await links.nth(0).focus();
  await page.keyboard.press("r");
  const run = page.getByRole("dialog", { name: `Run ${name} now?` });
  await expect(run).toBeVisible();
  // Keys do nothing while a dialog is open.
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toHaveCount(0);
  await run.getByRole("button", { name: "Confirm" }).click();
  await expect(activity(page).getByRole("listitem").first()).toContainText(name);
  await expect(activity(page).getByRole("listitem").first()).toContainText("Run now");

  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help).toContainText("Search jobs");
  await page.keyboard.press("Escape");
  await expect(help).toHaveCount(0);
});

test("soak: hours live on a small quota stay within the budget, with flat memory", async ({ page, request }) => {
  test.setTimeout(300_000);
  const LIMIT = 120;
  const { refused, idle, memory } = await startSoak(page, request, { rate_limit: LIMIT, window_secs: 60 });

  const STEP = 60_000;
  const warm = 20;
  const steps = 200;
  for (let i = 0; i < warm; i++) {
    await page.clock.fastForward(STEP);
    await idle();
  }
  const start = await memory();
  const before = await routeCount(request, JOBS);
  for (let i = 0; i < steps; i++) {
    await page.clock.fastForward(STEP);
    await idle();
  }
  const spent = (await routeCount(request, JOBS)) - before;
  const end = await memory();

  // A tenth of what remains above the reserve (50) per hour: at most 7
  // refreshes an hour here.
  const hours = (steps * STEP) / 3_600_000;
  const budget = Math.ceil(hours * ((LIMIT - 50) / 10)) + 1;
  console.log(`soak: ${spent} GET jobs in ${hours.toFixed(2)} simulated hours (budget ${budget}); ` +
    `JS heap ${start.js} -> ${end.js}, wasm ${start.wasm} -> ${end.wasm}`);
  expect(spent).toBeGreaterThan(0);
  expect(start.wasm, "the wasm's memory was found").toBeGreaterThan(0);
  expect(spent, "requests within the budget").toBeLessThanOrEqual(budget);
  expect(refused, "no request refused for the quota").toEqual([]);
  await expect(page.locator(".banner.throttled")).toHaveCount(0);
  expect(end.js, "JS heap flat").toBeLessThanOrEqual(start.js * 1.1 + 256 * 1024);
  expect(end.wasm, "wasm memory flat").toBeLessThanOrEqual(start.wasm * 1.1 + 64 * 1024);
});

test("a live refresh that fails keeps the rows on screen and says they are not fresh", async ({ page, request }) => {
  await page.clock.install();
  await openJobs(page);
  const idle = trackRequests(page);
  const kept = await row(page, "cache-warmup").elementHandle();

  await control(request, "faults", { kind: "502", route: JOBS });
  await page.clock.fastForward(16_000);
  await idle();
  const alert = page.getByRole("alert").filter({ hasText: "Could not refresh the jobs" });
  await expect(alert).toBeVisible();
  await expect(jobsTable(page)).toBeVisible();
  expect(await kept!.evaluate((e) => e.isConnected), "the rows stay").toBe(true);

  // Try again refreshes at once and the note goes.
  const before = await routeCount(request, JOBS);
  await alert.getByRole("button", { name: "Try again" }).click();
  await idle();
  await expect(alert).toHaveCount(0);
  expect(await routeCount(request, JOBS)).toBe(before + 1);
  expect(await kept!.evaluate((e) => e.isConnected)).toBe(true);
});

test("soak: hours of live refreshes, runs and failed refreshes send nothing twice and stay in budget", async ({ page, request }) => {
  test.setTimeout(300_000);
  const LIMIT = 120;
  const { refused, idle, memory } = await startSoak(page, request, { rate_limit: LIMIT, window_secs: 60, action_delay_ms: 50 });
  const RUN = "POST /stacks/{stack}/jobs/{job}/run_now";
  const STEP = 60_000;
  const step = async () => {
    await page.clock.fastForward(STEP);
    await idle();
  };
  for (let i = 0; i < 20; i++) await step();
  const start = await memory();
  const gets = await routeCount(request, JOBS);
  const posts = await routeCount(request, RUN);

  let clicks = 0;
  let faults = 0;
  const steps = 200;
  for (let i = 1; i <= steps; i++) {
    if (i % 20 === 0) {
      // Every 20 simulated minutes a run, alternately one that succeeds and one that fails.
      const name = clicks % 2 === 0 ? "db-backup" : "report-that-fails";
      await row(page, name).getByRole("button", { name: "Run now" }).click();
      clicks++;
      await idle();
    }
    if (i % 20 === 10) {
      // And, between them, the next GET jobs fails (500 and 502 in turn).
      await control(request, "faults", { kind: faults % 2 === 0 ? "500" : "502", route: JOBS });
      faults++;
    }
    await step();
  }
  // Whatever is still being followed ends.
  for (let i = 0; i < 5; i++) await step();
  const spent = (await routeCount(request, JOBS)) - gets;
  const sent = (await routeCount(request, RUN)) - posts;
  const end = await memory();

  const hours = (steps * STEP) / 3_600_000;
  const budget = Math.ceil(hours * ((LIMIT - 50) / 10)) + 1 + clicks + faults;
  console.log(`mixed soak: ${clicks} runs, ${faults} faults, ${spent} GET jobs in ${hours.toFixed(2)} simulated hours ` +
    `(budget ${budget}); JS heap ${start.js} -> ${end.js}, wasm ${start.wasm} -> ${end.wasm}`);
  expect(sent, "one POST run_now per click").toBe(clicks);
  const entries = activity(page).getByRole("listitem");
  await expect(entries).toHaveCount(clicks);
  await expect(entries.filter({ hasText: "Running" })).toHaveCount(0);
  await expect(entries.filter({ hasText: "Succeeded" })).toHaveCount(clicks / 2);
  expect(spent).toBeGreaterThan(0);
  expect(spent, "requests within the budget").toBeLessThanOrEqual(budget);
  expect(refused, "no request refused for the quota").toEqual([]);
  await expect(page.locator(".banner.throttled")).toHaveCount(0);
  await expect(jobsTable(page)).toBeVisible();
  expect(start.wasm, "the wasm's memory was found").toBeGreaterThan(0);
  expect(end.js, "JS heap flat").toBeLessThanOrEqual(start.js * 1.1 + 256 * 1024);
  expect(end.wasm, "wasm memory flat").toBeLessThanOrEqual(start.wasm * 1.1 + 64 * 1024);
});

// All jobs live (issues 28 and 30, item 8): one refresher for every stack,
// one stack per tick, in the budget of a single stack's page.

const isStacksGet = (url: string, method: string) => method === "GET" && /\/api\/3\/stacks(\.json)?\?page=/.test(url);

/** All jobs open on the fake clock with every stack loaded (saying Load all
 * if asked), and what a soak checks as it goes. */
async function startAllJobsSoak(page: Page, request: APIRequestContext, config: Record<string, number>, query = "") {
  await control(request, "config", config);
  const refused: string[] = [];
  page.on("response", (r) => r.status() === 503 && refused.push(r.url()));
  await keepWasmExports(page);
  await page.clock.install();
  await page.goto(`/jobs${query}`);
  await page.getByLabel("API token").fill(TOKEN);
  await page.getByRole("button", { name: "Save token" }).click();
  const ask = page.getByRole("dialog", { name: "Load every stack's jobs?" });
  const table = page.getByRole("table", { name: "All jobs" });
  await expect(ask.or(table).first()).toBeVisible();
  if (await ask.isVisible()) await ask.getByRole("button", { name: "Load all" }).click();
  await expect(page.getByRole("progressbar", { name: "Loading stacks" })).toHaveCount(0, { timeout: 60_000 });
  return { refused, idle: trackRequests(page), memory: await memoryReader(page) };
}

/** GETs of jobs and of the stack list: what live refresh of All jobs spends. */
async function reads(request: APIRequestContext) {
  const s = await stats(request);
  return (s.routes[JOBS] ?? 0) + (s.routes["GET /stacks"] ?? 0);
}

test("soak: All jobs on 20 stacks for 8 hours with runs and failed refreshes: in budget, nothing sent twice, memory flat", async ({
  page,
  request,
}) => {
  test.setTimeout(600_000);
  // The seed's 7 stacks and 13 of a fleet: 20 stacks, 30 requests to load.
  await control(request, "fleet", { stacks: 13, jobs: 30 });
  // A quota of 300 a minute: All jobs paces itself as if an hour were left,
  // a tenth of what remains above the reserve (50) an hour.
  const LIMIT = 300;
  const { refused, idle, memory } = await startAllJobsSoak(
    page,
    request,
    { rate_limit: LIMIT, window_secs: 60, action_delay_ms: 50 },
    "?q=db-backup",
  );
  await expect(page.getByRole("table", { name: "Stacks" }).locator("tbody tr")).toHaveCount(20);
  const RUN = "POST /stacks/{stack}/jobs/{job}/run_now";
  const STEP = 60_000;
  const step = async () => {
    await page.clock.fastForward(STEP);
    await idle();
  };
  for (let i = 0; i < 20; i++) await step();
  const start = await memory();
  const before = await reads(request);
  const posts = await routeCount(request, RUN);
  const turns = new Set<string>();
  page.on("request", (r) => {
    const m = r.url().match(/\/stacks\/([^/]+)\/jobs\?page=/);
    if (m && r.method() === "GET") turns.add(m[1]);
  });

  const rows = ["Acme Production (production)", "Acme Staging (staging)"].map((stack) =>
    page.getByRole("table", { name: "All jobs" }).getByRole("row").filter({ has: page.getByRole("link", { name: stack, exact: true }) }),
  );
  let clicks = 0;
  let faults = 0;
  let refreshCost = 0;
  const steps = 480;
  for (let i = 1; i <= steps; i++) {
    if (i % 40 === 0) {
      // Every 40 simulated minutes a run of a db-backup, on one stack then the other.
      await rows[clicks % 2].getByRole("button", { name: "Run now" }).click();
      // Its end refreshes that stack: Acme Production's 3 pages, or Acme Staging's 1.
      refreshCost += clicks % 2 === 0 ? 3 : 1;
      clicks++;
      await idle();
    }
    if (i % 40 === 20) {
      // And, between them, the next GET jobs fails (500 and 502 in turn).
      await control(request, "faults", { kind: faults % 2 === 0 ? "500" : "502", route: JOBS });
      faults++;
    }
    await step();
  }
  for (let i = 0; i < 5; i++) await step();
  const spent = (await reads(request)) - before;
  const sent = (await routeCount(request, RUN)) - posts;
  const end = await memory();

  // A tenth of what remains above the reserve (50) per hour, whatever the
  // number of stacks; one tick may be a stack of 8 pages (Big Batch).
  const hours = (steps * STEP) / 3_600_000;
  const budget = Math.ceil(hours * ((LIMIT - 50) / 10)) + 8 + refreshCost + faults;
  console.log(`All jobs soak: ${clicks} runs, ${faults} faults, ${spent} GETs over ${turns.size} stacks in ${hours.toFixed(2)} simulated hours ` +
    `(budget ${budget}); JS heap ${start.js} -> ${end.js}, wasm ${start.wasm} -> ${end.wasm}`);
  expect(sent, "one POST run_now per click").toBe(clicks);
  const entries = activity(page).getByRole("listitem");
  await expect(entries).toHaveCount(clicks);
  await expect(entries.filter({ hasText: "Running" })).toHaveCount(0);
  expect(spent, "live refresh went on, beyond the refreshes after runs and faults").toBeGreaterThan(refreshCost + faults);
  expect(turns.size, "every stack took its turn").toBe(20);
  expect(spent, "requests within the budget").toBeLessThanOrEqual(budget);
  expect(refused, "no request refused for the quota").toEqual([]);
  await expect(page.locator(".banner.throttled")).toHaveCount(0);
  expect(start.wasm, "the wasm's memory was found").toBeGreaterThan(0);
  expect(end.js, "JS heap flat").toBeLessThanOrEqual(start.js * 1.1 + 256 * 1024);
  expect(end.wasm, "wasm memory flat").toBeLessThanOrEqual(start.wasm * 1.1 + 64 * 1024);
});

test("soak: All jobs of 50 stacks of 120 jobs, an hour live: 30 rows in the DOM, every stack refreshed in turn, memory flat", async ({
  page,
  request,
}) => {
  test.setTimeout(600_000);
  await control(request, "fleet", { stacks: 50, jobs: 120 });
  const { refused, idle, memory } = await startAllJobsSoak(page, request, { rate_limit: 3600, window_secs: 3600 });
  const table = page.getByRole("table", { name: "All jobs" });
  await expect(page.getByRole("status").filter({ hasText: /^Showing \d+ of \d+ jobs$/ })).toHaveText(
    "Showing 6383 of 6383 jobs",
  );
  await expect(table.locator("tbody tr")).toHaveCount(30);
  const step = async () => {
    await page.clock.fastForward(60_000);
    await idle();
  };
  for (let i = 0; i < 10; i++) await step();
  const start = await memory();
  const refreshed = new Set<string>();
  page.on("request", (r) => {
    const m = r.url().match(/\/stacks\/([^/]+)\/jobs\?page=/);
    if (m && r.method() === "GET") refreshed.add(m[1]);
  });
  const before = await reads(request);
  for (let i = 0; i < 60; i++) await step();
  const spent = (await reads(request)) - before;
  const end = await memory();
  console.log(`All jobs, 57 stacks, an hour live: ${spent} GETs, ${refreshed.size} stacks refreshed; ` +
    `JS heap ${start.js} -> ${end.js}, wasm ${start.wasm} -> ${end.wasm}`);
  // The budget of one stack's page: a tenth of 3,600 − 180 an hour.
  expect(spent).toBeLessThanOrEqual(342 + 4);
  expect(refreshed.size, "stacks take turns").toBeGreaterThan(20);
  await expect(table.locator("tbody tr"), "only the page's rows are drawn").toHaveCount(30);
  expect(refused).toEqual([]);
  expect(end.js, "JS heap flat").toBeLessThanOrEqual(start.js * 1.1 + 512 * 1024);
  expect(end.wasm, "wasm memory flat").toBeLessThanOrEqual(start.wasm * 1.1 + 256 * 1024);
});
