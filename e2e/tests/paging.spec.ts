// Paging through Acme Production (75 jobs: 30 + 30 + 15), kept in the URL.
import { expect, test, type Page } from "./fixtures";
import { control, jobsTable, openJobs, pager, PRODUCTION, rowHeader } from "./helpers";

test.beforeEach(async ({ request }) => {
  await control(request, "reset");
});

// The first job of each page, and how many rows it has (header row included).
const PAGES = {
  1: { first: "db-backup", rows: 31 },
  2: { first: "job-031", rows: 31 },
  3: { first: "job-061", rows: 16 },
} as const;

async function expectPage(page: Page, n: 1 | 2 | 3) {
  await expect(pager(page)).toContainText(`Page ${n} of 3`);
  await expect(page).toHaveURL(new RegExp(`/stacks/${PRODUCTION}/jobs(\\?page=${n})?$`));
  if (n > 1) expect(new URL(page.url()).searchParams.get("page")).toBe(String(n));
  await expect(jobsTable(page).getByRole("row")).toHaveCount(PAGES[n].rows);
  await expect(jobsTable(page).getByRole("rowheader").first()).toHaveText(PAGES[n].first);
  // Previous and Next are links except at the ends.
  await expect(pager(page).getByRole("link", { name: "Previous" })).toHaveCount(n === 1 ? 0 : 1);
  await expect(pager(page).getByRole("link", { name: "Next" })).toHaveCount(n === 3 ? 0 : 1);
}

test("page through three pages and back", async ({ page }) => {
  await openJobs(page);
  await expectPage(page, 1);
  const next = pager(page).getByRole("link", { name: "Next" });
  const previous = pager(page).getByRole("link", { name: "Previous" });

  await next.click();
  await expectPage(page, 2);
  await expect(page).toHaveURL(/\?page=2$/);
  await next.click();
  await expectPage(page, 3);
  await expect(page).toHaveURL(/\?page=3$/);
  await expect(rowHeader(page, "job-075")).toBeVisible();

  await previous.click();
  await expectPage(page, 2);
  await previous.click();
  await expectPage(page, 1);
  await expect(page).toHaveURL(/\?page=1$/);
});

test("back, forward and reload keep the page", async ({ page }) => {
  await openJobs(page);
  const next = pager(page).getByRole("link", { name: "Next" });
  await next.click();
  await expectPage(page, 2);
  await next.click();
  await expectPage(page, 3);

  await page.goBack();
  await expectPage(page, 2);
  await page.goBack();
  await expectPage(page, 1);
  await page.goForward();
  await expectPage(page, 2);

  await page.reload();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expectPage(page, 2);

  // A deep link to page 3 opens on page 3.
  await page.goto(`/stacks/${PRODUCTION}/jobs?page=3`);
  await expectPage(page, 3);
});

test("the current rows stay while the next page loads", async ({ page, request }) => {
  await openJobs(page);
  await expectPage(page, 1);
  await control(request, "latency", { ms: 1_200 });
  const clickedAt = Date.now();
  await pager(page).getByRole("link", { name: "Next" }).click();

  // Right after the click: the old page is still there, marked as loading.
  await expect(page.getByRole("status").filter({ hasText: "Loading" })).toBeVisible();
  await expect(rowHeader(page, "db-backup")).toBeVisible();
  await expect(jobsTable(page).getByRole("row")).toHaveCount(31);
  await expect(pager(page)).toContainText("Page 1 of 3");
  expect(Date.now() - clickedAt, "checked while page 2 was still on its way").toBeLessThan(1_200);

  // Then page 2 replaces it.
  await expect(rowHeader(page, "job-031")).toBeVisible();
  await expect(rowHeader(page, "db-backup")).toHaveCount(0);
  await expectPage(page, 2);
  expect(Date.now() - clickedAt).toBeGreaterThanOrEqual(1_200);
});

// The app moves between its pages itself (src/router.rs), so what a link
// does in a browser has to hold: no reload, one history entry per click, the
// new page from the top, and a modified click left to the browser.
test("a link changes the page in place, from the top, and Ctrl-click opens a new tab instead", async ({ page, context }) => {
  await openJobs(page);
  await expectPage(page, 1);
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  const entries = await page.evaluate(() => history.length);
  const next = pager(page).getByRole("link", { name: "Next" });

  await next.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  await next.click();
  await expectPage(page, 2);
  expect(await page.evaluate(() => window.scrollY), "the new page starts at the top").toBe(0);
  expect(await page.evaluate(() => history.length)).toBe(entries + 1);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), "no reload").toBe(true);

  // Ctrl-click (Cmd on a Mac): the browser opens page 3 in a new tab; this one stays.
  const opened = context.waitForEvent("page");
  await pager(page).getByRole("link", { name: "Next" }).click({ modifiers: ["ControlOrMeta"] });
  const tab = await opened;
  await tab.waitForLoadState();
  expect(new URL(tab.url()).searchParams.get("page")).toBe("3");
  await tab.close();
  await expectPage(page, 2);
  expect(await page.evaluate(() => history.length)).toBe(entries + 1);

  // A link to where the page already is adds no history entry.
  await page.evaluate(() => {
    const a = document.createElement("a");
    a.href = location.pathname + location.search;
    a.textContent = "here";
    document.body.append(a);
    a.click();
    a.remove();
  });
  await expectPage(page, 2);
  expect(await page.evaluate(() => history.length)).toBe(entries + 1);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
});

test("turning pages leaves nothing behind in the wasm's memory", async ({ page }) => {
  // The wasm instance's exports, which trunk's start event carries: its memory.
  await page.addInitScript(() => {
    addEventListener("TrunkApplicationStarted", (e) => {
      (window as unknown as { __wasm: unknown }).__wasm = (e as CustomEvent).detail?.wasm;
    });
  });
  await openJobs(page);
  const memory = () =>
    page.evaluate(() => (window as unknown as { __wasm?: { memory: WebAssembly.Memory } }).__wasm?.memory.buffer.byteLength ?? 0);
  const next = pager(page).getByRole("link", { name: "Next" });
  const previous = pager(page).getByRole("link", { name: "Previous" });
  const flip = async (times: number) => {
    for (let i = 0; i < times; i++) {
      await (i % 2 ? previous : next).click();
      await expect(pager(page)).toContainText(`Page ${i % 2 ? 1 : 2} of 3`);
      await expect(jobsTable(page).getByRole("rowheader").first()).toHaveText(i % 2 ? "db-backup" : "job-031");
    }
  };
  await flip(20);
  const before = await memory();
  expect(before, "the wasm's memory is readable").toBeGreaterThan(0);
  await flip(80);
  const grown = (await memory()) - before;
  console.log(`80 page turns: wasm memory ${before} -> ${before + grown}`);
  // A row's entries left in the table's signals cost about 10 KB a turn (800 KB here).
  expect(grown, "wasm memory grown over 80 page turns").toBeLessThanOrEqual(256 * 1024);
});
