// The split release build (xtask/src/split.rs): the History page's code is a
// chunk of its own, fetched only when the page is first shown; a chunk that
// cannot be fetched must leave the app working, with an alert and a reload.
// Skipped on a build in one wasm (no split-manifest.json).
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
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
