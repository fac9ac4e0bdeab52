// The split release build (xtask/src/split.rs): the History page's code is a
// chunk of its own, fetched only when the page is first shown; a chunk that
// cannot be fetched must leave the app working, with an alert and a reload.
// Skipped on a build in one wasm (no split-manifest.json).
import { expect, test, type APIRequestContext, type Page } from "./fixtures";
import { control, jobsTable, openJobs, PRODUCTION } from "./helpers";

type Manifest = { main: string[]; splits: Record<string, string[]> };

async function manifest(request: APIRequestContext): Promise<Manifest | null> {
  const response = await request.get("/split-manifest.json");
  return response.ok() ? ((await response.json()) as Manifest) : null;
}

/** The chunk files of the History page's split point. */
function historyChunks(m: Manifest): string[] {
  const [point] = Object.keys(m.splits).filter((name) => name.startsWith("history"));
  expect(point, "a split point for the History page").toBeTruthy();
  return m.splits[point];
}

/** Every .wasm the page asks for, by file name. */
function wasmRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith(".wasm")) seen.push(path.slice(1));
  });
  return seen;
}

const history = (page: Page) => page.getByRole("table", { name: "History" });

test.beforeEach(async ({ request }) => {
  await control(request, "reset");
});

test("the History page loads through its own chunk, only when shown", async ({ page, request }) => {
  const m = await manifest(request);
  test.skip(!m, "not a split build");
  const chunks = historyChunks(m!);
  // Here the chunk must come on demand, not from the idle prefetch (tested below).
  await page.addInitScript(() => {
    Object.defineProperty(navigator, "connection", { value: { saveData: true }, configurable: true });
  });
  const asked = wasmRequests(page);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });

  await openJobs(page);
  expect(asked.filter((file) => chunks.includes(file)), "no chunk before the page").toEqual([]);
  expect(asked.some((file) => m!.main.includes(file)), "the main wasm").toBeTruthy();

  // The split point's own chunk (named after it) and any it shares with others.
  const own = chunks.find((file) => file.startsWith("history-"))!;
  const chunkResponse = page.waitForResponse((r) => r.url().endsWith(`/${own}`));
  await page.getByRole("link", { name: "History", exact: true }).click();
  const response = await chunkResponse;
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/wasm");
  await expect(history(page)).toBeVisible();
  await expect(history(page).locator("tbody").getByRole("row").first()).toBeVisible();

  // Back and forth: the chunk is fetched once.
  await page.goBack();
  await expect(jobsTable(page)).toBeVisible();
  await page.goForward();
  await expect(history(page)).toBeVisible();
  expect(asked.filter((file) => chunks.includes(file)).sort()).toEqual([...chunks].sort());
  expect(errors).toEqual([]);
});

test("a deep link to History fetches its chunk and shows the page", async ({ page, request }) => {
  const m = await manifest(request);
  test.skip(!m, "not a split build");
  const chunks = historyChunks(m!);
  const asked = wasmRequests(page);
  await page.goto(`/stacks/${PRODUCTION}/history`);
  await page.getByLabel("API token").fill(process.env.E2E_TOKEN ?? "jobdeck-dev-token");
  await page.getByRole("button", { name: "Save token" }).click();
  await expect(history(page)).toBeVisible();
  for (const chunk of chunks) expect(asked).toContain(chunk);
});

test("a missing chunk is a 404, never index.html", async ({ request }) => {
  const m = await manifest(request);
  test.skip(!m, "not a split build");
  const chunk = historyChunks(m!).find((file) => file.startsWith("history-"))!;
  const gone = chunk.replace(/-[0-9a-f]+\.wasm$/, "-0123456789abcdef.wasm");
  expect((await request.get(`/${gone}`)).status()).toBe(404);
  expect((await request.get("/no-such-chunk.wasm")).status()).toBe(404);
  expect((await request.get("/no-such-glue.js")).status()).toBe(404);
  // The API's own paths still go to the API.
  expect((await request.get("/api/3/stacks.json")).status()).toBe(401);
  expect((await request.get(`/${chunk}`)).status()).toBe(200);
});

test("a chunk that cannot be fetched leaves an alert with Reload, and the app working", async ({
  page,
  request,
}) => {
  const m = await manifest(request);
  test.skip(!m, "not a split build");
  const chunks = historyChunks(m!);
  let failing = true;
  await page.route(
    (url) => chunks.some((chunk) => url.pathname.endsWith(`/${chunk}`)),
    (route) => (failing ? route.abort("connectionfailed") : route.continue()),
  );

  await openJobs(page);
  await page.getByRole("link", { name: "History", exact: true }).click();
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("could not be loaded");
  await expect(page.getByRole("heading", { name: "Jobdeck stopped" })).toHaveCount(0);

  // The app still works: back to the jobs.
  await page.goBack();
  await expect(jobsTable(page)).toBeVisible();

  // The failure is not kept: once the network is back, the page loads.
  failing = false;
  await page.goForward();
  await expect(history(page)).toBeVisible();

  // Reload, offered with the alert, starts the app again.
  failing = true;
  await page.reload();
  await expect(alert).toContainText("could not be loaded");
  failing = false;
  await alert.getByRole("link", { name: "Reload" }).click();
  await expect(history(page)).toBeVisible();
});

/** The chunk files of a split point, and the one named after it. */
function chunksOf(m: Manifest, point: string): { all: string[]; own: string } {
  const all = m.splits[point] ?? [];
  expect(all.length, `a split point "${point}"`).toBeGreaterThan(0);
  return { all, own: all.find((file) => file.startsWith(`${point}-`))! };
}

test("a deep link asks for its page's chunks along with the main wasm", async ({ page, request }) => {
  const m = await manifest(request);
  test.skip(!m, "not a split build");
  const { all } = chunksOf(m!, "history");
  const main = m!.main.find((file) => file.endsWith(".wasm"))!;
  // The main wasm is slow to come: the page's chunks must not wait for it.
  await page.route(`**/${main}`, async (route) => {
    await new Promise((r) => setTimeout(r, 800));
    await route.continue();
  });
  const asked: string[] = [];
  let mainArrived = false;
  page.on("response", (r) => {
    if (r.url().endsWith(`/${main}`)) mainArrived = true;
  });
  page.on("request", (r) => {
    const file = new URL(r.url()).pathname.slice(1);
    if (all.includes(file) && !mainArrived) asked.push(file);
  });
  await page.goto(`/stacks/${PRODUCTION}/history`);
  await page.getByLabel("API token").fill(process.env.E2E_TOKEN ?? "jobdeck-dev-token");
  await page.getByRole("button", { name: "Save token" }).click();
  await expect(history(page)).toBeVisible();
  expect([...new Set(asked)].sort(), "asked for before the main wasm arrived").toEqual([...all].sort());
});

test("once the first table is on screen, the parts it links to are prefetched when the browser is idle", async ({
  page,
  request,
}) => {
  const m = await manifest(request);
  test.skip(!m, "not a split build");
  await page.clock.install();
  const asked = wasmRequests(page);
  // Nothing of it may leave before the table's jobs have arrived.
  let jobsArrived = false;
  const early: string[] = [];
  page.on("response", (r) => {
    if (/\/api\/3\/stacks\/[^/]+\/jobs\?page=1$/.test(r.url())) jobsArrived = true;
  });
  page.on("request", (r) => {
    const file = new URL(r.url()).pathname.slice(1);
    if (file.endsWith(".wasm") && !m!.main.includes(file) && !jobsArrived) early.push(file);
  });
  await openJobs(page);
  await page.clock.fastForward(6_000);
  for (const point of ["history", "upcoming", "job", "dialogs"]) {
    const { own } = chunksOf(m!, point);
    await expect.poll(() => asked.includes(own), { message: point }).toBe(true);
  }
  expect(early, "nothing before the table's jobs").toEqual([]);
  await page.getByRole("link", { name: "History", exact: true }).click();
  await expect(history(page)).toBeVisible();
});

test("nothing is prefetched on a connection that asks to save data", async ({ page, request }) => {
  const m = await manifest(request);
  test.skip(!m, "not a split build");
  await page.addInitScript(() => {
    Object.defineProperty(navigator, "connection", { value: { saveData: true }, configurable: true });
  });
  await page.clock.install();
  const asked = wasmRequests(page);
  await openJobs(page);
  await page.clock.fastForward(6_000);
  await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
  expect(asked.filter((file) => !m!.main.includes(file))).toEqual([]);
});

// The fault matrix of the parts loaded on demand: each split point's own
// chunk answered 404 (a deploy replaced it), dropped, or cut off; each
// time an alert with Reload, and the app goes on.
const CHUNK_FAULTS = ["404", "dropped connection", "truncated body"] as const;
const OPEN: Record<string, { open: (page: Page) => Promise<void>; words: RegExp }> = {
  history: {
    open: (page) => page.getByRole("link", { name: "History", exact: true }).click(),
    words: /This page could not be loaded/,
  },
  upcoming: {
    open: (page) => page.getByRole("link", { name: "Upcoming", exact: true }).click(),
    words: /This page could not be loaded/,
  },
  job: {
    open: (page) => jobsTable(page).getByRole("link", { name: "db-backup", exact: true }).click(),
    words: /This page could not be loaded/,
  },
  dialogs: {
    open: (page) =>
      jobsTable(page)
        .getByRole("row")
        .filter({ has: page.getByRole("rowheader", { name: "db-backup" }) })
        .getByRole("button", { name: "Run with arguments…" })
        .click(),
    words: /This dialog could not be loaded/,
  },
  all_jobs: {
    open: (page) => page.getByRole("link", { name: "All jobs", exact: true }).click(),
    words: /This page could not be loaded/,
  },
  go_to: {
    open: (page) => page.getByRole("button", { name: "Go to" }).click(),
    words: /This dialog could not be loaded/,
  },
};

for (const point of Object.keys(OPEN)) {
  for (const fault of CHUNK_FAULTS) {
    test(`lazy part ${point}: a ${fault} chunk is an alert with Reload, and the app goes on`, async ({
      page,
      request,
    }) => {
      const m = await manifest(request);
      test.skip(!m, "not a split build");
      const { own } = chunksOf(m!, point);
      await page.route(`**/${own}`, async (route) => {
        if (fault === "404") return route.fulfill({ status: 404, body: "not found" });
        if (fault === "dropped connection") return route.abort("connectionreset");
        const real = await route.fetch();
        const body = await real.body();
        return route.fulfill({ response: real, body: body.subarray(0, body.length >> 1) });
      });
      const crashes: string[] = [];
      page.on("pageerror", (e) => crashes.push(e.message));
      await openJobs(page);
      await OPEN[point].open(page);
      const alert = page.getByRole("alert").filter({ hasText: OPEN[point].words });
      await expect(alert).toBeVisible();
      await expect(alert.getByRole("link", { name: "Reload" })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Jobdeck stopped" })).toHaveCount(0);
      if (point === "dialogs" || point === "go_to") {
        await alert.getByRole("button", { name: "Close" }).click();
        await expect(alert).toHaveCount(0);
      } else {
        await page.goBack();
      }
      // The app goes on: the jobs, and a page flip.
      await expect(jobsTable(page)).toBeVisible();
      await page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Next" }).click();
      await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText("Page 2 of 3");
      expect(crashes).toEqual([]);
    });
  }
}

test("the Go to dialog's code is a chunk of its own, fetched the first time it opens", async ({ page, request }) => {
  const m = await manifest(request);
  test.skip(!m, "not a split build");
  const [point] = Object.keys(m!.splits).filter((name) => name.startsWith("go_to"));
  expect(point, "a split point for Go to").toBeTruthy();
  const own = m!.splits[point].find((file) => file.startsWith("go_to-"))!;
  const asked = wasmRequests(page);
  await openJobs(page);
  expect(asked, "not on the first screen").not.toContain(own);
  await page.keyboard.press("Control+k");
  await expect(page.getByRole("dialog", { name: "Go to" }).getByRole("combobox", { name: "Go to" })).toBeFocused();
  expect(asked).toContain(own);
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+k");
  await expect(page.getByRole("dialog", { name: "Go to" })).toBeVisible();
  expect(asked.filter((file) => file === own), "fetched once").toHaveLength(1);
});
