// Where a cold load of the release build spends its main thread, by function
// (a CDP CPU profile, self time, averaged), and the app's phases (its User
// Timing marks) with the time to 30 rows. Serves a built site from a folder
// through Playwright's routing (no nginx) and passes /api/3 to a sandbox:
//
//   target/release/jobdeck-sandbox --addr 127.0.0.1:8799 &
//   node bench/profile.mjs [dist folder, default target/bench/dist] [loads, default 5]
//
// ONLY_TIMES=1 prints the phases only (no profiler, so the times are fair);
// SHOW_DTF=1 lists each Intl.DateTimeFormat the page built and its cost (how
// the first one's 13-23 ms was found: src/prefetch.js, part 3).
import { chromium } from "playwright";
import { readFileSync, existsSync } from "node:fs";
import { join, extname } from "node:path";
import { CHROMIUM } from "../e2e/chromium.mjs";
const DIST = process.argv[2] || "target/bench/dist";
const API = "http://127.0.0.1:8799";
const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json" };
const browser = await chromium.launch(CHROMIUM);
const totals = new Map();
const N = Number(process.argv[3] || 5);
for (let i = 0; i < N; i++) {
  const ctx = await browser.newContext();
  await ctx.addInitScript(() => { localStorage.setItem("jobdeck.token", "jobdeck-dev-token"); localStorage.setItem("jobdeck.api_url", "/api/3");
    const D = Intl.DateTimeFormat; window.__dtf = [];
    const W = function (...a) { const t = performance.now(); const r = new D(...a); window.__dtf.push([JSON.stringify(a), +(performance.now() - t).toFixed(2), Math.round(t)]); return r; };
    new MutationObserver((_, o) => { if (document.querySelectorAll("table[aria-label=Jobs] tbody tr").length >= 30) { window.__table = performance.now(); o.disconnect(); } }).observe(document, { childList: true, subtree: true });
    W.prototype = D.prototype; W.supportedLocalesOf = D.supportedLocalesOf; Intl.DateTimeFormat = W; });
  const page = await ctx.newPage();
  await page.route("http://app.test/**", async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.startsWith("/api/3")) {
      const r = await route.fetch({ url: API + url.pathname + url.search });
      return route.fulfill({ response: r });
    }
    let p = join(DIST, url.pathname);
    if (!existsSync(p) || url.pathname === "/" || !extname(p)) p = join(DIST, "index.html");
    return route.fulfill({ status: 200, body: readFileSync(p), headers: { "content-type": types[extname(p)] || "application/octet-stream" } });
  });
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
  if (!process.env.ONLY_TIMES) await cdp.send("Profiler.start");
  await page.goto("http://app.test/stacks/5999b763474b0eafa5fafb64bff0ba80/jobs");
  await page.waitForFunction(() => document.querySelectorAll("table[aria-label=Jobs] tbody tr").length >= 30, null, { timeout: 30000 });
  const marks = await page.evaluate(() => performance.getEntriesByType("mark").map((m) => [m.name, Math.round(m.startTime)]));
  const table = await page.evaluate(() => window.__table);
  (globalThis.T ||= []).push([Object.fromEntries(marks)["jobdeck:main"], Object.fromEntries(marks)["jobdeck:mounted"], Math.round(table)]);
  if (process.env.SHOW_DTF && i < 2) console.log(JSON.stringify(await page.evaluate(() => window.__dtf)));
  if (process.env.ONLY_TIMES) { await ctx.close(); continue; }
  const { profile } = await cdp.send("Profiler.stop");
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas; const counts = new Map();
  profile.samples.forEach((id, k) => counts.set(id, (counts.get(id) || 0) + (dt[k] || 0)));
  for (const [id, us] of counts) {
    const n = byId.get(id); const f = n.callFrame;
    const key = `${f.functionName || "(anon)"} ${f.url.split("/").pop()}:${f.lineNumber}:${f.columnNumber}`;
    totals.set(key, (totals.get(key) || 0) + us / 1000);
  }
  await ctx.close();
}
const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
console.log("main", med(T.map((t) => t[0])), "mounted", med(T.map((t) => t[1])), "shell", med(T.map((t) => t[1] - t[0])), "table", med(T.map((t) => t[2])));
if (process.env.ONLY_TIMES) { await browser.close(); process.exit(0); }
const sorted = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 45);
for (const [k, ms] of sorted) console.log((ms / N).toFixed(2).padStart(8), k);
await browser.close();
