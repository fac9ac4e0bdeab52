// Shared steps: talk to the sandbox's controls and sign in through the UI.
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const SANDBOX = process.env.E2E_SANDBOX_URL ?? "http://127.0.0.1:8787";
export const TOKEN = process.env.E2E_TOKEN ?? "jobdeck-dev-token";

export const PRODUCTION = "5999b763474b0eafa5fafb64bff0ba80";
export const STAGING = "a0db7932995ade53c3fd1d447b8856ec";
export const DOCS_SAMPLE = "8ab47fb3576b0dc659d0b5238295db86";
export const EMPTY = "bf0270b70fc8ab2e7ef08650893dbfaa";

/** POST to a sandbox control (`reset`, `faults`, `config`, `latency`, `revoke`). */
export async function control(request: APIRequestContext, name: string, body: object = {}) {
  const response = await request.post(`${SANDBOX}/__sandbox/${name}`, { data: body });
  expect(response.ok(), `sandbox control ${name}`).toBeTruthy();
  return response.json();
}

/** Requests the sandbox received since the last reset, by "METHOD /route". */
export async function stats(request: APIRequestContext): Promise<{ total: number; routes: Record<string, number> }> {
  const response = await request.get(`${SANDBOX}/__sandbox/stats`);
  return response.json();
}

/** Signs in through the form, on whatever URL the page is at. */
export async function signIn(page: Page, { remember = true }: { remember?: boolean } = {}) {
  await page.getByLabel("API token").fill(TOKEN);
  const box = page.getByLabel("Remember on this device");
  if ((await box.isChecked()) !== remember) await box.click();
  await page.getByRole("button", { name: "Save token" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Opens a stack's jobs page signed in, and waits for the table. */
export async function openJobs(page: Page, stack = PRODUCTION, query = "") {
  await page.goto(`/stacks/${stack}/jobs${query}`);
  await signIn(page);
  await expect(page.getByRole("table", { name: "Jobs" })).toBeVisible();
}

/** The table row of the job with this exact name. */
export function row(page: Page, name: string) {
  return page
    .getByRole("table", { name: "Jobs" })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name, exact: true }) });
}
