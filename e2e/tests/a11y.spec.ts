// Accessibility, in the light and the dark theme:
// - axe-core's WCAG 2.0/2.1 A and AA rules over every page and dialog; a
//   serious or critical violation fails, listed by rule, impact and element;
// - WCAG 1.4.3 contrast of every visible text, computed here as well, with
//   each ancestor's opacity and background composited (axe can miss text faded
//   by an ancestor's opacity: paused rows once were 3.7:1 that way);
// - WCAG 1.4.10 Reflow: text of any length (a 10,000-character job name, a
//   6,000-character cron) never pushes the page sideways, at 1280 or 375 px,
//   nor fills the Activity panel or the Run dialog.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page, type Route } from "./fixtures";
import {
  activity,
  control,
  EMPTY,
  jobsTable,
  latestEntry,
  openJobs,
  pager,
  PRODUCTION,
  quota,
  row,
  signIn,
  STAGING,
} from "./helpers";

const WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Runs axe on the page as it is and fails on serious or critical violations. */
async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_A_AA).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes
          .map((node) => {
            const target = node.target
              .map((part) => (Array.isArray(part) ? part.join(" >>> ") : part))
              .join(" ");
            const why = (node.failureSummary ?? "").replace(/\s*\n\s*/g, " ");
            return `    at ${target}: ${why}`;
          })
          .join("\n"),
    );
  expect.soft(serious, `axe: serious or critical WCAG A/AA violations on ${what}`).toEqual([]);
}

/**
 * Every visible text's contrast against what is behind it (WCAG 1.4.3: 4.5:1,
 * 3:1 for large text; inactive controls are exempt), in the page itself:
 * the text's colour and each ancestor's background and opacity composited
 * down to the canvas.
 */
async function expectTextContrast(page: Page, what: string) {
  const failures = await page.evaluate(() => {
    type RGBA = [number, number, number, number];
    const parse = (css: string): RGBA | null => {
      const m = css.match(/^rgba?\(([^)]+)\)$/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return [r, g, b, a];
    };
    // Premultiplied RGBA: source over destination, and a group's opacity.
    const premultiply = ([r, g, b, a]: RGBA): RGBA => [r * a, g * a, b * a, a];
    const over = (s: RGBA, d: RGBA) => s.map((v, i) => v + d[i] * (1 - s[3])) as RGBA;
    const fade = (c: RGBA, o: number) => c.map((v) => v * o) as RGBA;
    const luminance = ([r, g, b]: number[]) => {
      const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    /** A pixel of the innermost element's box, with its text on it or not. */
    const pixel = (chain: Element[], text: RGBA | null) => {
      let content: RGBA = [0, 0, 0, 0];
      chain.forEach((el, i) => {
        const style = getComputedStyle(el);
        const bg = premultiply(parse(style.backgroundColor) ?? [0, 0, 0, 0]);
        content = i === 0 && text ? over(premultiply(text), bg) : over(content, bg);
        content = fade(content, Number(style.opacity));
      });
      return over(content, [255, 255, 255, 1]).slice(0, 3);
    };
    const hex = (c: number[]) => "#" + c.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${[...el.classList].map((c) => "." + c).join("")} ` +
      JSON.stringify((el.textContent ?? "").trim().slice(0, 40));

    const failures: string[] = [];
    const seen = new Set<Element>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || seen.has(el) || !node.textContent?.trim()) continue;
      seen.add(el);
      if (!el.checkVisibility({ visibilityProperty: true }) || el.closest("noscript, script, style")) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width < 1 || rect.height < 1) continue;
      if (el.closest(':disabled, [aria-disabled="true"]')) continue;
      const style = getComputedStyle(el);
      const color = parse(style.color);
      if (!color) {
        failures.push(`${describe(el)}: colour ${style.color} not understood by this check`);
        continue;
      }
      const chain: Element[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) chain.push(e);
      const fg = pixel(chain, color);
      const bg = pixel(chain, null);
      const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
      const ratio = (hi + 0.05) / (lo + 0.05);
      const size = parseFloat(style.fontSize);
      const needed = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700) ? 3 : 4.5;
      if (ratio < needed) {
        failures.push(`${describe(el)}: ${ratio.toFixed(2)}:1 < ${needed}:1 (${hex(fg)} on ${hex(bg)})`);
      }
    }
    return failures;
  });
  expect.soft(failures, `text below WCAG AA contrast on ${what}`).toEqual([]);
}

/** axe and the contrast check, on the page as it is now (both reported, then the test goes on). */
async function expectAccessibleAndReadable(page: Page, what: string) {
  await expectAccessible(page, what);
  await expectTextContrast(page, what);
}

/** The theme really is the one emulated: the page's background is light or dark. */
async function expectTheme(page: Page, scheme: "light" | "dark") {
  const luminance = await page.evaluate(() => {
    const [r, g, b] = getComputedStyle(document.body)
      .backgroundColor.match(/[\d.]+/g)!
      .slice(0, 3)
      .map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  });
  if (scheme === "light") expect(luminance, "a light page background").toBeGreaterThan(0.6);
  else expect(luminance, "a dark page background").toBeLessThan(0.25);
}

/**
 * Answers every API request through the real sandbox, with the jobs of
 * Acme Production's list changed by `job` and the quota headers' remaining
 * count replaced by `remaining()`.
 */
async function rewriteApi(
  page: Page,
  change: { job?: (job: Record<string, unknown>) => void; remaining?: () => string },
) {
  await page.route(
    (url) => url.pathname.includes("/api/3/"),
    async (route: Route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      // The body given to fulfill is the decoded one; its length is recomputed.
      delete headers["content-length"];
      delete headers["content-encoding"];
      if (change.remaining && headers["x-ratelimit-remaining"] !== undefined) {
        headers["x-ratelimit-remaining"] = change.remaining();
      }
      const jobsList =
        route.request().method() === "GET" &&
        new URL(route.request().url()).pathname.endsWith(`/stacks/${PRODUCTION}/jobs`);
      if (change.job && jobsList && response.ok()) {
        const body = await response.json();
        if (Array.isArray(body?.response)) body.response.forEach(change.job);
        await route.fulfill({ response, headers, json: body });
      } else {
        await route.fulfill({ response, headers });
      }
    },
  );
}

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme} theme`, () => {
    test.beforeEach(async ({ page, request }) => {
      await control(request, "reset");
      await page.emulateMedia({ colorScheme: scheme });
    });

    test("sign-in page", async ({ page }) => {
      await page.goto("/");
      await expect(page.getByLabel("API token")).toBeVisible();
      await expectTheme(page, scheme);
      await expectAccessibleAndReadable(page, "the sign-in page");
    });

    test("stack list", async ({ page }) => {
      await page.goto("/");
      await signIn(page);
      await expect(page.getByRole("link", { name: /Acme Production/ })).toBeVisible();
      await expectAccessibleAndReadable(page, "the stack list");
    });

    test("jobs page with a paused row", async ({ page }) => {
      await openJobs(page);
      await expect(jobsTable(page).getByRole("rowheader", { name: / Paused$/ }).first()).toBeVisible();
      await expect(pager(page)).toContainText("Page 1 of");
      await expectTheme(page, scheme);
      await expectAccessibleAndReadable(page, "the jobs page (page 1, paused rows, Activity empty)");
    });

    test("Run with arguments dialog", async ({ page }) => {
      await openJobs(page);
      await row(page, "db-backup").getByRole("button", { name: "Run with arguments…" }).click();
      const dialog = page.getByRole("dialog");
      await expect(dialog.getByLabel("Arguments")).toBeFocused();
      await dialog.getByLabel("Arguments").fill("--dry-run");
      await expectAccessibleAndReadable(page, "the Run with arguments dialog");
    });

    test("Pause all confirmation", async ({ page }) => {
      await openJobs(page);
      await page.getByRole("button", { name: "Pause all", exact: true }).click();
      const dialog = page.getByRole("dialog");
      await expect(dialog.getByRole("button", { name: "Confirm" })).toBeVisible();
      await expectAccessibleAndReadable(page, "the Pause all confirmation");
    });

    test("a stack's Upcoming: Timeline, Busy moments, Runs per hour, with a mark focused", async ({ page, request }) => {
      // A small stack with every kind of lane and every shade of Runs per hour
      // (Acme Production's week lists thousands of runs: minutes of checking).
      for (const [name, cron, paused] of [
        ["quarter", "*/15 * * * *", false],
        ["hourly", "0 * * * *", false],
        ["nightly-a", "0 3 * * *", false],
        ["nightly-b", "0 3 * * *", false],
        ["nightly-c", "0 3 * * *", false],
        ["weekly", "0 9 * * Mon", false],
        ["held", "*/5 * * * *", true],
        ["by-hand", null, false],
      ] as const) {
        await control(request, "jobs", { stack: EMPTY, add: { name, cron, paused } });
      }
      await page.goto(`/stacks/${EMPTY}/upcoming?window=7d`);
      await signIn(page);
      await expect(page.getByRole("img", { name: "Timeline" })).toBeVisible();
      await expect(page.getByRole("table", { name: "Runs per hour" })).toBeVisible();
      await page.getByRole("group", { name: "Timeline marks" }).focus();
      await page.keyboard.press("ArrowRight");
      await expect(page.getByRole("status", { name: "Timeline mark" })).toContainText(": ");
      await expectAccessibleAndReadable(page, "a stack's Upcoming page over 7 days");
    });

    test("Upcoming of every stack, and the Time zone select set", async ({ page }) => {
      await page.goto("/upcoming");
      await signIn(page);
      // A zone English gives no name: times say its offset ("UTC+09:00").
      await page.getByLabel("Time zone").selectOption("Asia/Tokyo");
      await expect(page.getByRole("progressbar", { name: "Loading stacks" })).toHaveCount(0);
      await expect(page.getByRole("list", { name: "Busy moments" })).toBeVisible();
      await expectAccessibleAndReadable(page, "the Upcoming page of every stack");
    });

    test("the Pause confirmation of the p key, saying what the pause skips", async ({ page }) => {
      await openJobs(page);
      await jobsTable(page).getByRole("link", { name: "db-backup", exact: true }).focus();
      await page.keyboard.press("p");
      const dialog = page.getByRole("dialog", { name: "Pause db-backup?" });
      await expect(dialog).toContainText("Skips 1 run in the next 24 hours");
      await expectAccessibleAndReadable(page, "the Pause confirmation");
    });

    test("Activity after a run has finished", async ({ page }) => {
      await openJobs(page);
      await row(page, "db-backup").getByRole("button", { name: "Run now" }).click();
      await expect(latestEntry(page)).toContainText("Succeeded");
      await expect(row(page, "db-backup").getByRole("button", { name: "Run now" })).toBeEnabled();
      await expectAccessibleAndReadable(page, "the jobs page with a finished action in Activity");
    });

    test("an error alert", async ({ page, request }) => {
      await openJobs(page);
      // The token is remembered: the reload loads the jobs list, which fails.
      await control(request, "faults", { kind: "500", route: "GET /stacks/{stack}/jobs" });
      await page.reload();
      await expect(page.getByRole("alert")).toBeVisible();
      await expectAccessibleAndReadable(page, "the jobs page with an error alert");
    });

    test("quota meter when low and when used up", async ({ page }) => {
      let remaining = "200"; // of 3600: under 10 % left
      await rewriteApi(page, { remaining: () => remaining });
      await openJobs(page);
      await expect(quota(page)).toContainText("200 / 3600");
      await expectAccessibleAndReadable(page, "the jobs page with the quota low");
      remaining = "0";
      await pager(page).getByRole("link", { name: "Next" }).click();
      await expect(quota(page)).toContainText("0 / 3600");
      await expectAccessibleAndReadable(page, "the jobs page with the quota used up");
    });

    test("All jobs: the Stacks table with a failed stack, Since your last visit, paused for long", async ({
      page,
      request,
    }) => {
      await control(request, "faults", { kind: "502", route: "GET /stacks/{stack}/jobs", stack: STAGING, page: 1 });
      await page.goto("/jobs");
      await signIn(page);
      const stacks = page.getByRole("table", { name: "Stacks" });
      await expect(stacks.getByRole("button", { name: "Try again" })).toBeVisible();
      await expect(page.getByRole("progressbar", { name: "Loading stacks" })).toHaveCount(0);
      await expectTheme(page, scheme);
      await expectAccessibleAndReadable(page, "All jobs with a stack that failed");
      // A change since the last visit, and the attention order's long pauses.
      await control(request, "jobs", { stack: PRODUCTION, job: "98ee5a9b93919d9b63bd5377636675bd", status: 3 });
      await page.reload();
      await expect(page.getByRole("region", { name: "Since your last visit" })).toBeVisible();
      await page.getByLabel("Search jobs").fill("ops maintenance");
      await expect(page.getByRole("table", { name: "All jobs" }).getByText("Paused for 3 days")).toBeVisible();
      await expectAccessibleAndReadable(page, "All jobs with Since your last visit and long pauses");
      await page.setViewportSize({ width: 375, height: 800 });
      await expectNoSidewaysScroll(page);
      await expectAccessibleAndReadable(page, "All jobs at 375 px");
    });

    test("the question before loading every stack", async ({ page, request }) => {
      await control(request, "config", { rate_limit: 60 });
      await page.goto("/jobs");
      await signIn(page);
      const ask = page.getByRole("dialog", { name: "Load every stack's jobs?" });
      await expect(ask.getByRole("button", { name: "Load all" })).toBeVisible();
      await expectAccessibleAndReadable(page, "the question before loading every stack");
      await ask.getByRole("button", { name: "Cancel" }).click();
      await expect(page.getByRole("button", { name: "Load all" })).toBeVisible();
      await expectAccessibleAndReadable(page, "All jobs not loaded");
    });

    test("Go to dialog", async ({ page }) => {
      await openJobs(page);
      await page.keyboard.press("Control+k");
      const dialog = page.getByRole("dialog", { name: "Go to" });
      await expect(dialog.getByRole("combobox", { name: "Go to" })).toBeFocused();
      await dialog.getByRole("combobox", { name: "Go to" }).fill("acme");
      await expect(dialog.getByRole("option").first()).toHaveAttribute("aria-selected", "true");
      await page.keyboard.press("ArrowDown");
      await expectAccessibleAndReadable(page, "the Go to dialog");
    });

    test("long names, schedules and commands keep the page in its width", async ({ page }) => {
      const name = "nightly-" + "n".repeat(10_000);
      const cron = "0,".repeat(3_000) + "1 * * * *";
      const command = "run-" + "c".repeat(6_000);
      await rewriteApi(page, {
        job: (job) => {
          if (job.name !== "db-backup") return;
          job.name = name;
          job.cron = cron;
          job.params = { ...(job.params as object), command };
        },
      });
      await openJobs(page);
      const longRow = row(page, name);
      await expect(longRow).toBeVisible();
      await expectNoSidewaysScroll(page);
      // The table fits its box at 1280 px: no 43,000 px wide table.
      const table = await jobsTable(page).boundingBox();
      expect(table!.width, "the Jobs table's width").toBeLessThanOrEqual(page.viewportSize()!.width);
      await expectAccessibleAndReadable(page, "the jobs page with very long strings");

      // The Run dialog names the job in a few lines, not a screenful.
      await longRow.getByRole("button", { name: "Run with arguments…" }).click();
      const dialog = page.getByRole("dialog");
      await expect(dialog.getByLabel("Arguments")).toBeFocused();
      const title = await dialog.getByRole("heading").boundingBox();
      expect(title!.height, "the Run dialog's title height").toBeLessThan(160);
      await expect(dialog.getByRole("button", { name: "Run", exact: true })).toBeInViewport();
      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();

      // Activity shows the job in a few lines too.
      await longRow.getByRole("button", { name: "Run now" }).click();
      const entry = latestEntry(page);
      await expect(entry).toContainText("Succeeded");
      const box = await entry.boundingBox();
      expect(box!.height, "an Activity entry's height").toBeLessThan(200);
      await expect(activity(page)).toBeVisible();

      // At 375 px the rows become cards; still nothing wider than the screen.
      await page.setViewportSize({ width: 375, height: 800 });
      await expect(longRow).toBeVisible();
      await expectNoSidewaysScroll(page);
      const card = await longRow.boundingBox();
      expect(card!.x + card!.width, "the long job's card ends inside the screen").toBeLessThanOrEqual(375);
      await expectAccessibleAndReadable(page, "the jobs page at 375 px with very long strings");
    });
  });
}

/** Nothing on the page is wider than the viewport (hidden overflow counts too). */
async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `the page's width at a ${innerWidth} px wide window`).toBeLessThanOrEqual(innerWidth);
}
