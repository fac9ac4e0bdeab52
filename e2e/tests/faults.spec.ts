// What the network and proxies can do to a request: each gives a clear
// message (role=alert), never a blank page, and the next request works.
import { expect, test, type Page } from "./fixtures";
import { control, jobsTable, openJobs, pager, row, rowHeader, signIn, stackPicker } from "./helpers";

test.beforeEach(async ({ request }) => {
  await control(request, "reset");
});

async function expectConsoleStillThere(page: Page) {
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(stackPicker(page)).toBeVisible();
  await expect(page.getByRole("log", { name: "Activity" })).toBeAttached();
}

// What the person reads for each fault (through nginx, a dropped upstream
// connection arrives as nginx's own 502 page).
const FAULTS: { kind: string; message: RegExp }[] = [
  { kind: "502", message: /HTTP 502.*not JSON.*Try again/ },
  { kind: "drop", message: /HTTP 502.*not JSON.*Try again/ },
  { kind: "truncated", message: /HTTP 200.*not JSON.*Try again/ },
  { kind: "not_json", message: /HTTP 200.*not JSON.*Try again/ },
  { kind: "500", message: /answered 500 internal_server_error.*try again/ },
];

for (const { kind, message } of FAULTS) {
  test(`a ${kind} answer while paging gives a clear message and the page recovers`, async ({
    page,
    request,
  }) => {
    await openJobs(page);
    await control(request, "faults", { kind });
    await pager(page).getByRole("link", { name: "Next" }).click();

    const alert = page.getByRole("alert");
    await expect(alert).toHaveText(message);
    await expect(alert).not.toContainText(/Some\(|ApiError|\{/);
    await expectConsoleStillThere(page);

    // The same page loads once the fault has passed.
    await alert.getByRole("button", { name: "Try again" }).click();
    await expect(page.getByRole("alert")).toHaveCount(0);
    await expect(pager(page)).toContainText("Page 2 of 3");
    await expect(rowHeader(page, "job-031")).toBeVisible();

    // And paging goes on as usual.
    await pager(page).getByRole("link", { name: "Next" }).click();
    await expect(pager(page)).toContainText("Page 3 of 3");
    await expect(jobsTable(page).getByRole("row")).toHaveCount(16);
  });
}

test("no answer at all says the API could not be reached", async ({ page }) => {
  await openJobs(page);
  // nginx turns a dropped upstream connection into its own 502 page, so the
  // browser-side failure (no response at all) is made in the browser.
  await page.route(
    (url) => url.pathname.endsWith("/jobs") && url.searchParams.get("page") === "2",
    (route) => route.abort("connectionreset"),
    { times: 1 },
  );
  await pager(page).getByRole("link", { name: "Next" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText(
    "Could not reach the API: the network is down or the server closed the connection.",
  );
  await expectConsoleStillThere(page);
  await alert.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(rowHeader(page, "job-031")).toBeVisible();
});

test("a fault on Run now touches that action only, and says its outcome is unknown", async ({ page, request }) => {
  await openJobs(page);
  await control(request, "faults", { kind: "502" });
  const backup = row(page, "db-backup");
  await backup.getByRole("button", { name: "Run now" }).click();
  const entry = page.getByRole("log", { name: "Activity" }).getByRole("listitem").first();
  // A proxy's 502 may come after the API acted: never "not started" (issue 16).
  await expect(entry).toContainText("Outcome unknown: no usable answer from the API");
  await expect(entry).toContainText("The API answered (HTTP 502)");
  await expect(jobsTable(page).getByRole("row")).toHaveCount(31);

  await backup.getByRole("button", { name: "Run now" }).click();
  await expect(entry).toContainText("Succeeded");
});

test("a failed stack list offers Try again and then lists the stacks", async ({ page, request }) => {
  await page.goto("/");
  // The sign-in itself sends nothing; the stack list is the first request.
  await control(request, "faults", { kind: "502" });
  await signIn(page);
  const alert = page.getByRole("alert");
  await expect(alert).toHaveText(/HTTP 502.*not JSON.*Try again/);
  await expectConsoleStillThere(page);

  await alert.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Acme Production (production)" })).toBeVisible();
  await expect(stackPicker(page).getByRole("option", { name: "Acme Staging (staging)" })).toBeAttached();
});

// A panic in the release build aborts at once: the wasm traps, and
// src/prefetch.js replaces the frozen page with a message. A real trap from a
// one-function module stands in for the app's own (the CSP allows compiling
// wasm: 'wasm-unsafe-eval').
test("a wasm trap shows Jobdeck stopped with a reload link, keeping the token", async ({ page }) => {
  await openJobs(page);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  // A plain script error is not the wasm stopping: the page stays.
  await page.evaluate(() => setTimeout(() => { throw new Error("not a trap"); }));
  await expect.poll(() => errors.length).toBe(1);
  await expect(jobsTable(page)).toBeVisible();

  await page.evaluate(() => {
    // (module (func (export "f") unreachable))
    const bytes = new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
      0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b,
    ]);
    const trap = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.f as () => void;
    setTimeout(trap);
  });
  const alert = page.getByRole("alert");
  await expect(alert.getByRole("heading", { name: "Jobdeck stopped" })).toBeVisible();
  await expect(alert).toContainText("Your token is kept.");
  await expect(jobsTable(page)).toHaveCount(0);
  expect(errors[1]).toMatch(/unreachable/);

  await alert.getByRole("link", { name: "Reload the page" }).click();
  await expect(jobsTable(page)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Jobdeck stopped" })).toHaveCount(0);

  // A trap inside a promise (a future the wasm was polling) ends the same way.
  await page.evaluate(() => {
    void Promise.reject(new WebAssembly.RuntimeError("unreachable"));
  });
  await expect(page.getByRole("heading", { name: "Jobdeck stopped" })).toBeVisible();
});
