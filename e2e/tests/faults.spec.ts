// What the network and proxies can do to a request: each gives a clear
// message (role=alert), never a blank page, and the next request works.
import { expect, test, type Page } from "@playwright/test";
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
