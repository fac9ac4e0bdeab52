// `cargo xtask bench` runs this against the release build served by nginx in
// front of a fresh sandbox (E2E_BASE_URL, E2E_SANDBOX_URL), with the plain
// JavaScript baseline copied into dist/baseline/. It measures:
//   1. the size of every file of the first load (raw, gzip, brotli);
//   2. cold loads of the jobs page, Jobdeck against the baseline, with and
//      without 4x CPU throttling;
//   3. memory after load and through 200 page flips;
//   4. the requests the sandbox receives for four everyday tasks;
// then writes the JSON results and BENCHMARKS.md (bench/report.mjs).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { chromium } from "playwright-core";
import { renderMarkdown } from "./report.mjs";
import { wasmCrates } from "./wasm-crates.mjs";
import { CHROMIUM } from "../e2e/chromium.mjs";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const env = (name, fallback) => process.env[name] ?? fallback;
const APP = env("E2E_BASE_URL");
const SANDBOX = env("E2E_SANDBOX_URL");
const TOKEN = env("E2E_TOKEN", "jobdeck-dev-token");
const RUNS = Number(env("BENCH_RUNS", "15"));
const FLIPS = Number(env("BENCH_FLIPS", "200"));
const DIST = resolve(ROOT, env("BENCH_DIST", "dist"));
const OUT = resolve(ROOT, env("BENCH_OUT", "target/bench/results.json"));
const MARKDOWN = resolve(ROOT, env("BENCH_MARKDOWN", "BENCHMARKS.md"));
const COMMAND = env("BENCH_COMMAND", "cargo xtask bench");
const NAMED_WASM = resolve(ROOT, env("BENCH_NAMED_WASM", "target/wasm32-unknown-unknown/release/jobdeck.wasm"));
const ACTION_DELAY_MS = Number(env("BENCH_ACTION_DELAY_MS", "0"));
// For working on one part: e.g. BENCH_PHASES=requests (BENCHMARKS.md is then not written).
const PHASES = process.env.BENCH_PHASES ? new Set(process.env.BENCH_PHASES.split(",")) : null;
const want = (phase) => !PHASES || PHASES.has(phase);
if (!APP || !SANDBOX) {
  console.error("bench: set E2E_BASE_URL and E2E_SANDBOX_URL (cargo xtask bench does)");
  process.exit(2);
}

const STACK = "5999b763474b0eafa5fafb64bff0ba80";
const JOBS_PATH = `/stacks/${STACK}/jobs`;
const BASELINE_PATH = "/baseline/index.html";
const ROWS = "table[aria-label=Jobs] tbody tr";
const LAUNCH = {
  ...CHROMIUM,
  headless: true,
  // Unquantized performance.memory (otherwise rounded to 100 KB buckets).
  args: [...CHROMIUM.args, "--enable-precise-memory-info"],
};

const log = (...args) => console.log("bench:", ...args);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const summary = (xs) => (xs.length === 0 ? null : {
  n: xs.length,
  min: Math.min(...xs),
  median: median(xs),
  max: Math.max(...xs),
  values: xs,
});

// ---------------------------------------------------------------- machine --
// Other people's work on the machine: builds, and browsers or test runners
// that are not this script's own.
const BUILD = /^(rustc|cargo|trunk|wasm-opt|wasm-bindgen|cc1|ld|rust-lld|lld)$/;
const BROWSER = /^(chromium|chrome|headless_shell|node|playwright)$/;
function othersAtWork() {
  const procs = new Map();
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      procs.set(Number(pid), { comm, ppid });
    } catch {
      // the process ended meanwhile
    }
  }
  const mine = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 50; p = procs.get(p)?.ppid ?? 0, hops++) {
      if (p === process.pid) return true;
    }
    return false;
  };
  let builders = 0;
  let browsers = 0;
  for (const [pid, { comm }] of procs) {
    if (BUILD.test(comm)) builders++;
    else if (BROWSER.test(comm) && pid !== process.pid && !mine(pid)) browsers++;
  }
  return { builders, browsers };
}
const loadSamples = [];
function sampleLoad(phase) {
  loadSamples.push({ phase, t: Date.now(), load1: os.loadavg()[0], ...othersAtWork() });
}

function machine() {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? "unknown";
  let commit = "unknown";
  let dirty = false;
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT }).toString().trim();
    dirty = execFileSync("git", ["status", "--porcelain", "--", "src", "index.html", "style", "Cargo.toml", "Cargo.lock", "Trunk.toml", "deploy"], { cwd: ROOT })
      .toString()
      .trim().length > 0;
  } catch {
    // not a git checkout
  }
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu: model,
    memory_gib: os.totalmem() / 2 ** 30,
    kernel: os.release(),
    node: process.version,
    commit,
    app_sources_dirty: dirty,
  };
}

// ------------------------------------------------------------------ sizes --
// The first load: index.html, every file it names, and what the extracted
// loader imports (the wasm-bindgen glue and the wasm).
function firstLoadFiles() {
  const seen = new Set(["index.html"]);
  const queue = ["index.html"];
  while (queue.length) {
    const file = queue.shift();
    if (!/\.(html|js)$/.test(file)) continue;
    const text = readFileSync(join(DIST, file), "utf8");
    const refs = [...text.matchAll(/(?:src|href)="\/([^"?#]+)"|['"]\/([^'"?#]+\.(?:js|wasm|css))['"]/g)];
    for (const m of refs) {
      const ref = m[1] ?? m[2];
      if (!seen.has(ref) && existsSync(join(DIST, ref))) {
        seen.add(ref);
        queue.push(ref);
      }
    }
  }
  return [...seen];
}

function sizeOf(file) {
  const raw = readFileSync(join(DIST, file));
  const read = (ext, make) => {
    const path = join(DIST, file + ext);
    return existsSync(path) ? { bytes: readFileSync(path).length, precompressed: true } : { bytes: make(raw).length, precompressed: false };
  };
  const gz = read(".gz", (d) => gzipSync(d, { level: 9 }));
  const br = read(".br", (d) => brotliCompressSync(d, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  return { file, raw: raw.length, gzip: gz.bytes, brotli: br.bytes, precompressed: gz.precompressed && br.precompressed };
}

function sizes() {
  const files = firstLoadFiles().map(sizeOf);
  const total = (k) => files.reduce((s, f) => s + f[k], 0);
  const baseline = ["baseline/index.html", "baseline/app.js"].filter((f) => existsSync(join(DIST, f))).map(sizeOf);
  const btotal = (k) => baseline.reduce((s, f) => s + f[k], 0);
  let crates = null;
  try {
    crates = existsSync(NAMED_WASM) ? wasmCrates(NAMED_WASM) : null;
  } catch (e) {
    log(`could not read ${NAMED_WASM}: ${e.message}`);
  }
  return {
    files,
    crates,
    total: { raw: total("raw"), gzip: total("gzip"), brotli: total("brotli") },
    baseline: { files: baseline, total: { raw: btotal("raw"), gzip: btotal("gzip"), brotli: btotal("brotli") } },
  };
}

// -------------------------------------------------------------- the pages --
// Runs before any script of every document of a context: stores the token
// the way Jobdeck's sign-in does, notes when 30 job rows are first in the
// DOM, and keeps the wasm instance's exports that trunk's loader hands to its
// `TrunkApplicationStarted` event (the only handle on the linear memory: the
// glue module exposed as window.wasmBindings does not export it).
const INIT = `(() => {
  try {
    localStorage.setItem("jobdeck.token", ${JSON.stringify(TOKEN)});
    localStorage.setItem("jobdeck.api_url", "/api/3");
  } catch (e) { /* about:blank */ }
  const bench = (window.__bench = { table: null, started: null });
  addEventListener("TrunkApplicationStarted", (e) => {
    bench.started = performance.now();
    window.__benchWasm = e.detail && e.detail.wasm;
  });
  const observer = new MutationObserver(() => {
    if (document.querySelectorAll(${JSON.stringify(ROWS)}).length === 30) {
      bench.table = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

async function newPage(browser, { throttle = 1 } = {}) {
  const context = await browser.newContext({ baseURL: APP });
  await context.addInitScript(INIT);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (throttle > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
  return { context, page, cdp };
}

async function control(name, method = "POST") {
  const res = await fetch(`${SANDBOX}/__sandbox/${name}`, { method, body: method === "POST" ? "{}" : undefined });
  if (!res.ok) throw new Error(`sandbox ${name}: HTTP ${res.status}`);
  return res.json();
}

// dist/ is rebuilt by anyone's `trunk build`; put the baseline back if a
// concurrent build removed it.
function ensureBaseline() {
  const target = join(DIST, "baseline");
  if (existsSync(join(target, "app.js"))) return false;
  mkdirSync(target, { recursive: true });
  for (const f of ["index.html", "app.js"]) writeFileSync(join(target, f), readFileSync(join(ROOT, "bench/baseline", f)));
  return true;
}
let baselineRestored = 0;

/** One cold load: a new context (empty HTTP cache, no connections), the
 * token already stored. Times are ms since navigation start. */
async function coldLoad(browser, path, throttle) {
  if (path === BASELINE_PATH && ensureBaseline()) baselineRestored++;
  const { context, page } = await newPage(browser, { throttle });
  try {
    await page.goto(path, { waitUntil: "commit", timeout: 60_000 });
    await page.waitForFunction(() => window.__bench && window.__bench.table !== null, null, {
      timeout: 60_000,
      polling: 50,
    });
    return await page.evaluate(() => {
      const jobs = performance.getEntriesByType("resource").find((e) => e.name.includes("/jobs"));
      const fcp = performance.getEntriesByName("first-contentful-paint")[0];
      const wasm = performance.getEntriesByType("resource").find((e) => e.name.endsWith(".wasm"));
      const scripts = performance.getEntriesByType("resource").filter((e) => /\.js$/.test(e.name));
      return {
        wasm_loaded: wasm ? wasm.responseEnd : null,
        script_loaded: scripts.length ? Math.max(...scripts.map((e) => e.responseEnd)) : null,
        table: window.__bench.table,
        app_started: window.__bench.started,
        jobs_request: jobs ? jobs.startTime : null,
        jobs_response: jobs ? jobs.responseEnd : null,
        fcp: fcp ? fcp.startTime : null,
      };
    });
  } finally {
    await context.close();
  }
}

async function timing(browser) {
  const result = {};
  for (const throttle of [1, 4]) {
    log(`cold loads, CPU x${throttle}: ${RUNS} each (after one warm-up each)`);
    await control("reset");
    const runs = { jobdeck: [], baseline: [] };
    await coldLoad(browser, JOBS_PATH, throttle);
    await coldLoad(browser, BASELINE_PATH, throttle);
    for (let i = 0; i < RUNS; i++) {
      // Alternate which goes first, so drift in the machine's load hits both.
      const order = i % 2 ? ["baseline", "jobdeck"] : ["jobdeck", "baseline"];
      for (const app of order) runs[app].push(await coldLoad(browser, app === "jobdeck" ? JOBS_PATH : BASELINE_PATH, throttle));
      sampleLoad(`timing x${throttle}`);
    }
    const pick = (app, key) => runs[app].map((r) => r[key]).filter((v) => v !== null);
    const entry = {};
    for (const app of ["jobdeck", "baseline"]) {
      entry[app] = {
        table: summary(pick(app, "table")),
        jobs_request: summary(pick(app, "jobs_request")),
        jobs_response: summary(pick(app, "jobs_response")),
        fcp: summary(pick(app, "fcp")),
        app_started: app === "jobdeck" ? summary(pick(app, "app_started")) : null,
        wasm_loaded: summary(pick(app, "wasm_loaded")),
        script_loaded: summary(pick(app, "script_loaded")),
      };
    }
    entry.ratio = entry.jobdeck.table.median / entry.baseline.table.median;
    // Less sensitive to the machine's load drifting during the run.
    entry.paired_ratio = median(runs.jobdeck.map((r, i) => r.table / runs.baseline[i].table));
    result[`x${throttle}`] = entry;
    log(`  x${throttle}: Jobdeck median ${entry.jobdeck.table.median.toFixed(0)} ms, baseline ${entry.baseline.table.median.toFixed(0)} ms, ratio ${entry.ratio.toFixed(2)}`);
  }
  return result;
}

// ----------------------------------------------------------------- memory --
async function memorySnapshot(page, cdp) {
  await cdp.send("HeapProfiler.enable");
  for (let i = 0; i < 2; i++) await cdp.send("HeapProfiler.collectGarbage");
  const usage = await cdp.send("Runtime.getHeapUsage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const metric = (name) => metrics.find((m) => m.name === name)?.value ?? null;
  const inPage = await page.evaluate(() => ({
    used_js_heap: performance.memory ? performance.memory.usedJSHeapSize : null,
    wasm_memory: window.__benchWasm && window.__benchWasm.memory ? window.__benchWasm.memory.buffer.byteLength : null,
    exposed_by_bindings: window.wasmBindings ? Object.keys(window.wasmBindings) : null,
    dom_nodes: document.getElementsByTagName("*").length,
    cross_origin_isolated: self.crossOriginIsolated,
    measure_ua_memory: typeof performance.measureUserAgentSpecificMemory === "function",
  }));
  return {
    ...inPage,
    cdp_heap_used: usage.usedSize,
    nodes: metric("Nodes"),
    listeners: metric("JSEventListeners"),
  };
}

async function flipTo(page, target, previous) {
  const nav = page.getByRole("navigation", { name: "Pagination" });
  const started = Date.now();
  await nav.getByRole("link", { name: previous ? "Previous" : "Next" }).click();
  await page.waitForFunction(
    ([n, rows]) => {
      const nav = document.querySelector("nav[aria-label=Pagination]");
      return (
        nav !== null &&
        nav.textContent.includes(`Page ${n} of`) &&
        !document.querySelector(".loading-pill") &&
        document.querySelectorAll(rows).length > 0
      );
    },
    [target, ROWS],
    { timeout: 30_000, polling: "raf" },
  );
  return Date.now() - started;
}

async function memory(browser) {
  log(`memory: load, then ${FLIPS} page flips`);
  await control("reset");
  const { context, page, cdp } = await newPage(browser);
  await cdp.send("Performance.enable");
  const snapshots = [];
  const flipTimes = [];
  try {
    await page.goto(JOBS_PATH, { waitUntil: "commit" });
    await page.waitForFunction(() => window.__bench && window.__bench.table !== null, null, { timeout: 60_000 });
    await sleep(500);
    snapshots.push({ flips: 0, ...(await memorySnapshot(page, cdp)) });
    const pages = Number(/of (\d+)/.exec(await page.getByRole("navigation", { name: "Pagination" }).textContent())?.[1] ?? 1);
    let current = 1;
    let forward = true;
    const marks = new Set([1, 4, 10, 25, 50, 100, 150, FLIPS]);
    for (let flip = 1; flip <= FLIPS; flip++) {
      if (forward && current === pages) forward = false;
      if (!forward && current === 1) forward = true;
      current += forward ? 1 : -1;
      flipTimes.push(await flipTo(page, current, !forward));
      if (marks.has(flip)) {
        await sleep(300);
        snapshots.push({ flips: flip, page: current, ...(await memorySnapshot(page, cdp)) });
        sampleLoad("memory");
      }
    }
  } finally {
    await context.close();
  }
  // The baseline's heap after its load, for scale.
  const b = await newPage(browser);
  let baseline;
  try {
    ensureBaseline();
    await b.page.goto(BASELINE_PATH, { waitUntil: "commit" });
    await b.page.waitForFunction(() => window.__bench && window.__bench.table !== null, null, { timeout: 60_000 });
    await b.cdp.send("Performance.enable");
    await sleep(500);
    baseline = await memorySnapshot(b.page, b.cdp);
  } finally {
    await b.context.close();
  }
  const first = snapshots.find((s) => s.flips === 1);
  const last = snapshots.at(-1);
  const growth = (key) => (first[key] ? (last[key] - first[key]) / first[key] : null);
  return {
    flips: FLIPS,
    snapshots,
    flip_ms: summary(flipTimes),
    growth: {
      used_js_heap: growth("used_js_heap"),
      cdp_heap_used: growth("cdp_heap_used"),
      wasm_memory: growth("wasm_memory"),
      nodes: growth("nodes"),
    },
    baseline,
  };
}

// --------------------------------------------------------------- requests --
const MINIMUMS = {
  open: { fixed: 2, polls: false, why: "1 GET jobs (the table) + 1 GET stacks (the picker's list and the page's heading: the jobs list does not carry the stack's name)" },
  next: { fixed: 1, polls: false, why: "1 GET jobs?page=2" },
  run: { fixed: 2, polls: true, why: "1 POST run_now + ≥1 GET actions/{id} until finished + 1 GET jobs to show the job's new status" },
  pause_all: { fixed: 2, polls: true, why: "1 POST pause_all + ≥1 GET actions/{id} until finished + 1 GET jobs to show every job paused" },
};

async function openSignedIn(browser) {
  const opened = await newPage(browser);
  const requests = [];
  let t0 = Date.now();
  opened.page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith("/api/3/")) {
      requests.push({ t: Date.now() - t0, method: r.method(), path: url.pathname + url.search });
    }
  });
  return { ...opened, requests, mark: () => { t0 = Date.now(); requests.length = 0; } };
}

const activityDone = () => {
  const first = document.querySelector("ol[aria-label=Activity] li");
  return first !== null && /Succeeded|Failed/.test(first.textContent);
};

async function task(browser, name, act) {
  await control("reset");
  const s = await openSignedIn(browser);
  try {
    if (name !== "open") {
      await s.page.goto(JOBS_PATH, { waitUntil: "commit" });
      await s.page.waitForFunction(() => window.__bench && window.__bench.table !== null, null, { timeout: 60_000 });
      await sleep(1500);
      await control("reset");
    }
    s.mark();
    const outcome = await act(s.page);
    // Anything the task still triggers (e.g. the reload after an action).
    await sleep(2500);
    const stats = await control("stats", "GET");
    const min = MINIMUMS[name];
    const polls = s.requests.filter((r) => r.method === "GET" && /\/actions\/\d+/.test(r.path));
    const post = s.requests.find((r) => r.method === "POST");
    const extra = stats.total - min.fixed - (min.polls ? polls.length : 0);
    return {
      name,
      outcome,
      total: stats.total,
      preflight: stats.preflight,
      routes: stats.routes,
      requests: s.requests,
      polls: polls.map((p) => p.t - (post ? post.t : 0)),
      minimum: min.fixed,
      minimum_why: min.why,
      polls_allowed: min.polls,
      beyond_minimum: Math.max(0, extra),
      met: extra <= 0 && (!min.polls || polls.length >= 1),
    };
  } finally {
    await s.context.close();
  }
}

async function requests(browser) {
  log("requests per task");
  const results = [];
  results.push(
    await task(browser, "open", async (page) => {
      await page.goto(JOBS_PATH, { waitUntil: "commit" });
      await page.waitForFunction(() => window.__bench && window.__bench.table !== null, null, { timeout: 60_000 });
      return "30 rows shown";
    }),
  );
  results.push(
    await task(browser, "next", async (page) => {
      await flipTo(page, 2, false);
      return "page 2 shown";
    }),
  );
  results.push(
    await task(browser, "run", async (page) => {
      const row = page
        .getByRole("table", { name: "Jobs" })
        .getByRole("row")
        .filter({ has: page.getByRole("rowheader", { name: "db-backup", exact: true }) });
      await row.getByRole("button", { name: "Run now", exact: true }).click();
      await page.waitForFunction(activityDone, null, { timeout: 120_000, polling: 100 });
      return (await page.locator("ol[aria-label=Activity] li").first().textContent()).replace(/\s+/g, " ").trim();
    }),
  );
  results.push(
    await task(browser, "pause_all", async (page) => {
      await page.getByRole("button", { name: "Pause all", exact: true }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();
      await page.waitForFunction(activityDone, null, { timeout: 120_000, polling: 100 });
      return (await page.locator("ol[aria-label=Activity] li").first().textContent()).replace(/\s+/g, " ").trim();
    }),
  );
  await control("reset");
  for (const r of results) log(`  ${r.name}: ${r.total} requests (minimum ${r.minimum}${r.polls_allowed ? ` + ${r.polls.length} polls` : ""})`);
  return results;
}

// ------------------------------------------------------------------- main --
async function main() {
  const started = Date.now();
  sampleLoad("start");
  if (ensureBaseline()) log("copied the baseline into dist/baseline");
  const result = {
    date: new Date().toISOString(),
    command: COMMAND,
    machine: machine(),
    app_url: APP,
    action_delay_ms: ACTION_DELAY_MS,
    runs: RUNS,
    sizes: sizes(),
  };
  log(`first load: ${(result.sizes.total.gzip / 1024).toFixed(1)} KiB gzip`);
  const browser = await chromium.launch(LAUNCH);
  try {
    result.chromium = browser.version();
    // What actually went over the wire on one cold load.
    if (want("sizes")) result.wire = await wire(browser);
    if (want("timing")) result.timing = await timing(browser);
    if (want("memory")) result.memory = await memory(browser);
    if (want("requests")) result.requests = await requests(browser);
  } finally {
    await browser.close();
  }
  sampleLoad("end");
  result.baseline_restored = baselineRestored;
  result.load = loadSamples;
  result.duration_s = (Date.now() - started) / 1000;
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(result, null, 2) + "\n");
  if (PHASES) {
    log(`wrote ${OUT} (only ${[...PHASES].join(", ")}: ${MARKDOWN} left alone) in ${result.duration_s.toFixed(0)} s`);
  } else {
    writeFileSync(MARKDOWN, renderMarkdown(result));
    log(`wrote ${OUT} and ${MARKDOWN} in ${result.duration_s.toFixed(0)} s`);
  }
}

/** The non-API responses of one cold load of the jobs page, with the
 * encoding nginx chose and the bytes Chromium received. */
async function wire(browser) {
  const { context, page } = await newPage(browser);
  const seen = [];
  page.on("requestfinished", async (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith("/api/")) return;
    const response = await r.response();
    const sizes = await r.sizes().catch(() => null);
    seen.push({
      path: url.pathname,
      accept_encoding: (await r.allHeaders())["accept-encoding"] ?? null,
      status: response?.status(),
      encoding: (await response?.allHeaders())?.["content-encoding"] ?? "identity",
      body_bytes: sizes?.responseBodySize ?? null,
    });
  });
  try {
    await page.goto(JOBS_PATH, { waitUntil: "commit" });
    await page.waitForFunction(() => window.__bench && window.__bench.table !== null, null, { timeout: 60_000 });
    await sleep(500);
  } finally {
    await context.close();
  }
  return seen;
}

main().catch((e) => {
  console.error("bench:", e);
  process.exit(1);
});
