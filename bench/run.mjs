// `cargo xtask bench` runs this against the release build served by nginx in
// front of a fresh sandbox (E2E_BASE_URL, E2E_SANDBOX_URL), with the plain
// JavaScript baseline copied into dist/baseline/. It measures:
//   1. the size of every file of the first screen (raw, gzip, brotli), and of
//      every chunk of the split build (split-manifest.json), per split point;
//   2. time to the first table, Jobdeck against the baseline, alternating:
//      cold loads on loopback with and without 4x CPU throttling; cold loads on
//      a network profile (as from a laptop to Cloud 66: 40 ms RTT, 20 Mbit/s
//      each way, 250 ms added by the API); cold loads on a phone profile
//      (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, CPU 4x slower, API
//      +250 ms), with the Leptos floor as a third page; warm loads (second
//      visit: HTTP and code cache on), loopback;
//   3. the time from a click on Next or Previous to the new page's rows;
//   4. the time from a click on the History link (its chunk not fetched yet)
//      to the History table's rows on screen, on loopback and on the phone;
//   5. memory after load and through 200 page flips;
//   6. the requests the sandbox receives for four everyday tasks;
//   7. All jobs over a fleet of 50 stacks of 120 jobs: each keystroke in
//      Search jobs (bench/fleet.mjs);
// then writes the JSON results and BENCHMARKS.md (bench/report.mjs).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { chromium } from "playwright-core";
import { fleet } from "./fleet.mjs";
import { writeBenchmarks } from "./report.mjs";
import { wasmCrates } from "./wasm-crates.mjs";
import { readWasm } from "./wasm-heap.mjs";
import { CHROMIUM } from "../e2e/chromium.mjs";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const env = (name, fallback) => process.env[name] ?? fallback;
const APP = env("E2E_BASE_URL");
const SANDBOX = env("E2E_SANDBOX_URL");
const TOKEN = env("E2E_TOKEN", "jobdeck-dev-token");
const RUNS = Number(env("BENCH_RUNS", "15"));
// Cold loads on the network profile and warm loads, per app; clicks timed.
const NET_RUNS = Number(env("BENCH_NET_RUNS", "11"));
const WARM_RUNS = Number(env("BENCH_WARM_RUNS", "15"));
const FLIP_CLICKS = Number(env("BENCH_FLIP_CLICKS", "16"));
// Cold loads per page on the phone profile; clicks on History (each after a
// cold load of its own) on loopback and on the phone profile.
const PHONE_RUNS = Number(env("BENCH_PHONE_RUNS", "7"));
const HISTORY_RUNS = Number(env("BENCH_HISTORY_RUNS", "9"));
const HISTORY_PHONE_RUNS = Number(env("BENCH_HISTORY_PHONE_RUNS", "5"));
const FLIPS = Number(env("BENCH_FLIPS", "200"));
const DIST = resolve(ROOT, env("BENCH_DIST", "dist"));
const OUT = resolve(ROOT, env("BENCH_OUT", "target/bench/results.json"));
const MARKDOWN = resolve(ROOT, env("BENCH_MARKDOWN", "BENCHMARKS.md"));
const COMMAND = env("BENCH_COMMAND", "cargo xtask bench");
const NAMED_WASM = resolve(ROOT, env("BENCH_NAMED_WASM", "target/wasm32-unknown-unknown/release/jobdeck.wasm"));
const ACTION_DELAY_MS = Number(env("BENCH_ACTION_DELAY_MS", "0"));
// For working on one part: e.g. BENCH_PHASES=requests (BENCHMARKS.md is then not written).
// Phases: sizes (the wire; the sizes themselves are always read), timing (loopback cold, CPU 1x and 4x),
// network, phone, warm, floor, startup (traced loads), flips, history (click on History), memory, requests, fleet.
const PHASES = process.env.BENCH_PHASES ? new Set(process.env.BENCH_PHASES.split(",")) : null;
const want = (phase) => !PHASES || PHASES.has(phase);
if (!APP || !SANDBOX) {
  console.error("bench: set E2E_BASE_URL and E2E_SANDBOX_URL (cargo xtask bench does)");
  process.exit(2);
}

const STACK = "5999b763474b0eafa5fafb64bff0ba80";
const JOBS_PATH = `/stacks/${STACK}/jobs`;
const BASELINE_PATH = "/baseline/index.html";
// The Leptos floor (bench/floor), built by `cargo xtask bench` into
// BENCH_FLOOR_DIST and placed under floor/ of the served site.
const FLOOR_PATH = "/floor/index.html";
const FLOOR_DIST = process.env.BENCH_FLOOR_DIST ? resolve(process.env.BENCH_FLOOR_DIST) : null;
// As from a laptop to Cloud 66: CDP Network.emulateNetworkConditions on every
// request of the page (latency is the round trip Chromium adds to each
// request; throughputs in bytes per second), plus the sandbox's own latency on
// every /api/3 request (the API's time to answer).
const NETWORK = { name: "network", rtt_ms: 40, down_mbit: 20, up_mbit: 20, api_ms: 250, cpu: 1 };
// As a phone on a mobile network (issue 27): the same emulation, slower, and
// the CPU 4x slower (CDP Emulation.setCPUThrottlingRate).
const PHONE = { name: "phone", rtt_ms: 150, down_mbit: 1.6, up_mbit: 0.75, api_ms: 250, cpu: 4 };
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
function firstLoadFiles(start = "index.html") {
  const seen = new Set([start]);
  const queue = [start];
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

// The split build's manifest (xtask/src/split.rs): the main files (glue,
// main wasm, link module) and, per split point, the chunk files it needs
// (its own, named `{point}-HASH.wasm`, and shared ones, `chunk_N-HASH.wasm`).
// null for a build in one wasm.
const MANIFEST = "split-manifest.json";
function splitManifest() {
  const path = join(DIST, MANIFEST);
  if (!existsSync(path)) return null;
  const m = JSON.parse(readFileSync(path, "utf8"));
  if (!Array.isArray(m.main) || typeof m.splits !== "object") throw new Error(`${MANIFEST}: not { main: [...], splits: {...} }`);
  return m;
}

const sumOf = (files) => ({
  raw: files.reduce((s, f) => s + f.raw, 0),
  gzip: files.reduce((s, f) => s + f.gzip, 0),
  brotli: files.reduce((s, f) => s + f.brotli, 0),
});

/** Every chunk of the split build, and what a first visit to each split
 * point costs (its own chunk and the shared ones it needs), checked against
 * the first screen's files: the main files must be in it, no chunk may be. */
function chunkSizes(firstScreen) {
  const m = splitManifest();
  if (!m) return { split: false };
  const problems = [];
  for (const file of m.main) if (!firstScreen.includes(file)) problems.push(`the main file ${file} is not among the first screen's files`);
  const users = new Map();
  const points = Object.entries(m.splits).map(([point, files]) => {
    for (const file of files) {
      if (firstScreen.includes(file)) problems.push(`the chunk ${file} is among the first screen's files`);
      users.set(file, [...(users.get(file) ?? []), point]);
    }
    const sized = files.map(sizeOf);
    const own = sized.find((f) => f.file.startsWith(`${point}-`)) ?? null;
    return { point, own: own?.file ?? null, files: sized, total: sumOf(sized) };
  });
  const chunks = [...users].map(([file, by]) => ({ ...sizeOf(file), used_by: by, shared: by.length > 1 || !file.startsWith(`${by[0]}-`) }));
  chunks.sort((a, b) => b.gzip - a.gzip);
  for (const p of problems) log(`split: ${p}`);
  return { split: true, main: m.main, points, chunks, all: sumOf(chunks), largest: chunks[0] ?? null, problems };
}

function sizes() {
  const files = firstLoadFiles().map(sizeOf);
  const total = (k) => files.reduce((s, f) => s + f[k], 0);
  const baseline = ["baseline/index.html", `baseline/${baselineScript.name}`].filter((f) => existsSync(join(DIST, f))).map(sizeOf);
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
    chunks: chunkSizes(files.map((f) => f.file)),
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
const TABLE_SIGNAL = "jobdeck-bench: 30 rows";
const INIT = `(() => {
  try {
    localStorage.setItem("jobdeck.token", ${JSON.stringify(TOKEN)});
    localStorage.setItem("jobdeck.api_url", "/api/3");
  } catch (e) { /* about:blank */ }
  const bench = (window.__bench = { table: null, painted: null, started: null, compile: null });
  // When the loader hands the wasm to V8 (the glue calls one of these).
  if (typeof WebAssembly === "object") {
    for (const name of ["instantiateStreaming", "instantiate"]) {
      const original = WebAssembly[name];
      WebAssembly[name] = function (...args) {
        if (bench.compile === null) bench.compile = performance.now();
        return original.apply(this, args);
      };
    }
  }
  addEventListener("TrunkApplicationStarted", (e) => {
    bench.started = performance.now();
    window.__benchWasm = e.detail && e.detail.wasm;
  });
  const observer = new MutationObserver(() => {
    if (document.querySelectorAll(${JSON.stringify(ROWS)}).length === 30) {
      bench.table = performance.now();
      observer.disconnect();
      // The frame that shows them: a requestAnimationFrame callback runs
      // before that frame's style, layout and paint; a message posted from
      // it is handled after them.
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          bench.painted = performance.now();
          console.debug(${JSON.stringify(TABLE_SIGNAL)});
        };
        channel.port2.postMessage(null);
      });
    }
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

// A connection that asks to save data: src/prefetch.js then prefetches no
// part of the app, so a click on a link pays for its part's chunk.
const SAVE_DATA = `Object.defineProperty(navigator, "connection", { value: { saveData: true }, configurable: true });`;

async function newContext(browser, { saveData = false } = {}) {
  const context = await browser.newContext({ baseURL: APP });
  await context.addInitScript(INIT);
  if (saveData) await context.addInitScript(SAVE_DATA);
  return context;
}

/** A page of `context` (a new context if none), with its CDP session, the
 * CPU throttled `throttle` times and, with `network` (true for NETWORK, or a
 * profile such as PHONE), that network profile; a profile's own `cpu`
 * throttles the CPU too. */
async function newPage(browser, { throttle = 1, network = false, context = null, saveData = false } = {}) {
  const ctx = context ?? (await newContext(browser, { saveData }));
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  const profile = network === true ? NETWORK : network || null;
  const rate = Math.max(throttle, profile?.cpu ?? 1);
  if (rate > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  if (profile) {
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: profile.rtt_ms,
      downloadThroughput: (profile.down_mbit * 1e6) / 8,
      uploadThroughput: (profile.up_mbit * 1e6) / 8,
    });
  }
  return { context: ctx, page, cdp };
}

async function control(name, method = "POST", body = {}) {
  const res = await fetch(`${SANDBOX}/__sandbox/${name}`, { method, body: method === "POST" ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`sandbox ${name}: HTTP ${res.status}`);
  return res.json();
}

// The baseline as served: baseline/index.html and its script under a
// content-hashed name (app-<16 hex>.js), so nginx's rule for hashed assets
// caches it for a year exactly like Jobdeck's files (index.html itself is
// never cached, for both), with gzip -9 and brotli 11 copies next to each file
// as Jobdeck's post-build hook writes (nginx serves them with gzip_static and
// brotli_static). Without this the warm loads would refetch the baseline's
// script every time.
const BASELINE_SRC = join(ROOT, "bench/baseline");
const baselineScript = (() => {
  const code = readFileSync(join(BASELINE_SRC, "app.js"));
  return { name: `app-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.js`, code };
})();
function placeBaseline() {
  const target = join(DIST, "baseline");
  mkdirSync(target, { recursive: true });
  const html = readFileSync(join(BASELINE_SRC, "index.html"), "utf8").replace('src="/baseline/app.js"', `src="/baseline/${baselineScript.name}"`);
  if (!html.includes(baselineScript.name)) throw new Error("bench/baseline/index.html no longer names /baseline/app.js");
  const files = [["index.html", Buffer.from(html)], [baselineScript.name, baselineScript.code]];
  for (const [name, data] of files) {
    writeFileSync(join(target, name), data);
    writeFileSync(join(target, `${name}.gz`), gzipSync(data, { level: 9 }));
    writeFileSync(join(target, `${name}.br`), brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
}
// dist/ is rebuilt by anyone's `trunk build`; put the baseline back if a
// concurrent build removed it.
function ensureBaseline() {
  if (existsSync(join(DIST, "baseline", baselineScript.name)) && existsSync(join(DIST, "baseline", "index.html"))) return false;
  placeBaseline();
  return true;
}
let baselineRestored = 0;

/** Opens `path` in `page` and waits for the 30 rows without touching the
 * page while it loads: the init script says when it sees them on the
 * console. (Playwright's `waitForFunction` first installs its injected
 * script, a 330 KB DevTools message that held the page's main thread for
 * about 25 ms in the middle of the load, a cost no visitor has and that
 * lands on the busiest app hardest.) */
async function gotoTable(page, path) {
  const seen = page.waitForEvent("console", { predicate: (m) => m.text() === TABLE_SIGNAL, timeout: 60_000 });
  seen.catch(() => {});
  await page.goto(path, { waitUntil: "commit", timeout: 60_000 });
  await seen;
}

/** Loads `path` in `page` and waits for the 30 rows. Times are ms since
 * navigation start. */
async function measureLoad(page, path) {
  if (path === BASELINE_PATH && ensureBaseline()) baselineRestored++;
  await gotoTable(page, path);
  return await page.evaluate(() => {
    const resources = performance.getEntriesByType("resource");
    const api = (part) => resources.find((e) => e.name.includes("/api/3/") && e.name.includes(part));
    const jobs = api("/jobs");
    const stacks = api("/stacks?");
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    const nav = performance.getEntriesByType("navigation")[0];
    const wasm = resources.find((e) => e.name.endsWith(".wasm"));
    const scripts = resources.filter((e) => /\.js$/.test(e.name));
    // The app's own marks (src/browser.rs, mark): its start by phase.
    const mark = (name) => performance.getEntriesByName(name, "mark")[0]?.startTime ?? null;
    return {
      wasm_compile: window.__bench.compile,
      main_start: mark("jobdeck:main"),
      mounted: mark("jobdeck:mounted"),
      jobs_in_hand: mark("jobdeck:jobs-in-hand"),
      html_loaded: nav ? nav.responseEnd : null,
      wasm_loaded: wasm ? wasm.responseEnd : null,
      // When the wasm's request left and its first byte came.
      wasm_requested: wasm ? wasm.startTime : null,
      wasm_first_byte: wasm ? wasm.responseStart : null,
      // 0 when the wasm came from the HTTP cache.
      wasm_transfer: wasm ? wasm.transferSize : null,
      script_loaded: scripts.length ? Math.max(...scripts.map((e) => e.responseEnd)) : null,
      scripts_transfer: scripts.reduce((s, e) => s + e.transferSize, 0),
      table: window.__bench.table,
      painted: window.__bench.painted,
      app_started: window.__bench.started,
      jobs_request: jobs ? jobs.startTime : null,
      jobs_response: jobs ? jobs.responseEnd : null,
      stacks_request: stacks ? stacks.startTime : null,
      stacks_response: stacks ? stacks.responseEnd : null,
      fcp: fcp ? fcp.startTime : null,
    };
  });
}

/** One cold load: a new context (empty HTTP cache, no connections), the
 * token already stored. */
async function coldLoad(browser, path, options) {
  const { context, page } = await newPage(browser, options);
  try {
    return await measureLoad(page, path);
  } finally {
    await context.close();
  }
}

const KEYS = ["wasm_compile", "main_start", "mounted", "jobs_in_hand", "table", "painted", "html_loaded", "jobs_request", "jobs_response", "stacks_request", "stacks_response", "fcp", "app_started", "wasm_loaded", "wasm_requested", "wasm_first_byte", "script_loaded", "wasm_transfer", "scripts_transfer"];

/** Medians and spread of each measure, the ratio of the medians, and the
 * median of the back-to-back pairs' own ratios. */
function compare(runs) {
  const pick = (app, key) => runs[app].map((r) => r[key]).filter((v) => v !== null && v !== undefined);
  const entry = { n: runs.jobdeck.length };
  for (const app of ["jobdeck", "baseline"]) {
    entry[app] = Object.fromEntries(KEYS.map((k) => [k, summary(pick(app, k))]));
  }
  entry.ratio = entry.jobdeck.table.median / entry.baseline.table.median;
  // Less sensitive to the machine's load drifting during the run.
  entry.paired_ratio = median(runs.jobdeck.map((r, i) => r.table / runs.baseline[i].table));
  // The same for the frame that shows the rows (no target; for reference).
  entry.painted_ratio = entry.jobdeck.painted.median / entry.baseline.painted.median;
  return entry;
}

/** `runs` pairs of loads, Jobdeck and baseline alternating which goes first,
 * so that drift in the machine's load hits both. */
async function alternate(runs, phase, load, appPath = JOBS_PATH) {
  const out = { jobdeck: [], baseline: [] };
  for (let i = 0; i < runs; i++) {
    const order = i % 2 ? ["baseline", "jobdeck"] : ["jobdeck", "baseline"];
    for (const app of order) out[app].push(await load(app, app === "jobdeck" ? appPath : BASELINE_PATH));
    sampleLoad(phase);
  }
  return compare(out);
}

const said = (key, e) =>
  log(`  ${key}: Jobdeck median ${e.jobdeck.table.median.toFixed(0)} ms, baseline ${e.baseline.table.median.toFixed(0)} ms, ratio ${e.ratio.toFixed(2)} (paired ${e.paired_ratio.toFixed(2)})`);

/** Cold loads on loopback, with and without 4x CPU throttling. */
async function timing(browser) {
  const result = {};
  for (const throttle of [1, 4]) {
    log(`cold loads, loopback, CPU x${throttle}: ${RUNS} each (after one warm-up each)`);
    await control("reset");
    await coldLoad(browser, JOBS_PATH, { throttle });
    await coldLoad(browser, BASELINE_PATH, { throttle });
    const entry = await alternate(RUNS, `timing x${throttle}`, (_app, path) => coldLoad(browser, path, { throttle }));
    result[`x${throttle}`] = entry;
    said(`x${throttle}`, entry);
  }
  return result;
}

/** Cold loads on the phone profile (PHONE: 150 ms RTT, 1.6 Mbit/s down,
 * 750 kbit/s up, CPU 4x slower; the sandbox adds 250 ms to every API
 * answer), the pages in turn: Jobdeck, the baseline and, when built, the
 * Leptos floor, which starts each round in turn so that drift hits all. */
async function phone(browser) {
  const floorFiles = placeFloor();
  const pages = [["jobdeck", JOBS_PATH], ["baseline", BASELINE_PATH], ...(floorFiles ? [["floor", FLOOR_PATH]] : [])];
  log(
    `cold loads, phone profile (${PHONE.rtt_ms} ms RTT, ${PHONE.down_mbit}/${PHONE.up_mbit} Mbit/s, CPU x${PHONE.cpu}, API +${PHONE.api_ms} ms): ` +
      `${PHONE_RUNS} each of ${pages.map(([name]) => name).join(", ")} (after one warm-up each)`,
  );
  await control("reset");
  await control("latency", "POST", { ms: PHONE.api_ms });
  try {
    const options = { network: PHONE };
    for (const [, path] of pages) await coldLoad(browser, path, options);
    const out = Object.fromEntries(pages.map(([name]) => [name, []]));
    for (let i = 0; i < PHONE_RUNS; i++) {
      const order = pages.map((_, k) => pages[(i + k) % pages.length]);
      for (const [name, path] of order) out[name].push(await coldLoad(browser, path, options));
      sampleLoad("phone");
    }
    const entry = compare({ jobdeck: out.jobdeck, baseline: out.baseline });
    said("phone", entry);
    let floorEntry = null;
    if (out.floor) {
      const e = compare({ jobdeck: out.floor, baseline: out.baseline });
      floorEntry = { n: e.n, floor: e.jobdeck, baseline: e.baseline, ratio: e.ratio, paired_ratio: e.paired_ratio, painted_ratio: e.painted_ratio };
      log(`  floor on the phone: median ${floorEntry.floor.table.median.toFixed(0)} ms, ratio ${floorEntry.ratio.toFixed(2)} (paired ${floorEntry.paired_ratio.toFixed(2)})`);
    }
    return { ...entry, profile: PHONE, floor: floorEntry, floor_gzip: floorFiles ? floorFiles.reduce((t, f) => t + f.gzip, 0) : null };
  } finally {
    await control("latency", "POST", { ms: 0 });
  }
}

/** Cold loads on the network profile: Chromium's network emulation on every
 * request of the page, and the sandbox's latency on every API request. */
async function network(browser) {
  log(`cold loads, network profile (${NETWORK.rtt_ms} ms RTT, ${NETWORK.down_mbit}/${NETWORK.up_mbit} Mbit/s, API +${NETWORK.api_ms} ms): ${NET_RUNS} each (after one warm-up each)`);
  await control("reset");
  await control("latency", "POST", { ms: NETWORK.api_ms });
  try {
    const options = { network: true };
    await coldLoad(browser, JOBS_PATH, options);
    await coldLoad(browser, BASELINE_PATH, options);
    const entry = await alternate(NET_RUNS, "network", (_app, path) => coldLoad(browser, path, options));
    said("network", entry);
    return { ...entry, profile: NETWORK };
  } finally {
    await control("latency", "POST", { ms: 0 });
  }
}

/** The Leptos floor (bench/floor/src/main.rs): the baseline's page made
 * with the required stack and nothing else, against the baseline, cold and
 * warm on loopback. Its files are copied under floor/ of the served site. */
/** Copies the floor's build under floor/ of the served site; its first
 * load's files, or null when there is no build of it. */
function placeFloor() {
  if (!FLOOR_DIST || !existsSync(join(FLOOR_DIST, "index.html"))) {
    log("floor: no build of bench/floor (BENCH_FLOOR_DIST), left out");
    return null;
  }
  cpSync(FLOOR_DIST, join(DIST, "floor"), { recursive: true });
  return firstLoadFiles("floor/index.html").map(sizeOf);
}

async function floor(browser) {
  const files = placeFloor();
  if (!files) return null;
  const gzip = files.reduce((s, f) => s + f.gzip, 0);
  log(`floor: first load ${(gzip / 1024).toFixed(1)} KiB gzip; cold loads, loopback: ${RUNS} each`);
  await control("reset");
  await coldLoad(browser, FLOOR_PATH, {});
  await coldLoad(browser, BASELINE_PATH, {});
  const as = (e) => ({ n: e.n, floor: e.jobdeck, baseline: e.baseline, ratio: e.ratio, paired_ratio: e.paired_ratio, painted_ratio: e.painted_ratio });
  const cold = as(await alternate(RUNS, "floor cold", (_app, path) => coldLoad(browser, path, {}), FLOOR_PATH));
  const warmEntry = as(await warm(FLOOR_PATH));
  for (const [key, e] of [["cold", cold], ["warm", warmEntry]]) {
    log(`  floor ${key}: median ${e.floor.table.median.toFixed(0)} ms, baseline ${e.baseline.table.median.toFixed(0)} ms, ratio ${e.ratio.toFixed(2)} (paired ${e.paired_ratio.toFixed(2)})`);
  }
  return { files, gzip, cold, warm: warmEntry };
}

/** Warm loads, loopback: a second visit. A browser with a persistent
 * profile (a user data directory on disk, as a person's browser has: the
 * other contexts are incognito-like, in memory, and Chromium keeps V8's code
 * cache only for profiles on disk), kept for the whole phase, so its HTTP
 * cache and code cache stay. Each app is visited twice unrecorded (V8 caches a
 * script's compiled code from its second compile on, and a wasm module's once
 * enough of it has been optimised or after a few seconds: each warm-up page
 * stays open 3 s); then each measured load is a new page (a new tab), Jobdeck
 * and the baseline alternating. */
const WARMUP_VISITS = 2;
const WARMUP_LINGER_MS = 3000;
async function warm(appPath = JOBS_PATH) {
  log(`warm loads, loopback, persistent profile: ${WARMUP_VISITS} unrecorded visits per app, then ${WARM_RUNS} each${appPath === JOBS_PATH ? "" : ` (${appPath})`}`);
  await control("reset");
  const profile = mkdtempSync(join(os.tmpdir(), "jobdeck-bench-warm-"));
  const context = await chromium.launchPersistentContext(profile, { ...LAUNCH, baseURL: APP });
  try {
    await context.addInitScript(INIT);
    const visit = async (path) => {
      const { page } = await newPage(null, { context });
      try {
        return await measureLoad(page, path);
      } finally {
        await page.close();
      }
    };
    for (const path of [appPath, BASELINE_PATH]) {
      for (let i = 0; i < WARMUP_VISITS; i++) {
        const { page } = await newPage(null, { context });
        await measureLoad(page, path);
        await sleep(WARMUP_LINGER_MS);
        await page.close();
      }
    }
    const entry = await alternate(WARM_RUNS, "warm", (_app, path) => visit(path), appPath);
    if (appPath === JOBS_PATH) said("warm", entry);
    return { ...entry, warmup_visits: WARMUP_VISITS, warmup_linger_ms: WARMUP_LINGER_MS };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ flips --
// In the page: the time from a click on a Pagination link (capture listener,
// performance.now()) to the moment a MutationObserver sees the target page's
// label and 30 rows whose first row is not the old page's; with the page's
// jobs request from resource timing.
const FLIP_PROBE = `(() => {
  const rows = ${JSON.stringify(ROWS)};
  const first = () => document.querySelector(rows + " th")?.textContent ?? null;
  window.__flipArm = (target) => {
    performance.clearResourceTimings();
    const state = (window.__flip = { target, before: first(), clicked: null, rows: null });
    const done = () => {
      const nav = document.querySelector("nav[aria-label=Pagination]");
      return nav !== null && nav.textContent.includes("Page " + target + " of") &&
        document.querySelectorAll(rows).length === 30 && first() !== state.before;
    };
    const observer = new MutationObserver(() => {
      if (state.clicked !== null && done()) {
        state.rows = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true, characterData: true });
    document.addEventListener("click", (e) => {
      if (e.target.closest("nav[aria-label=Pagination] a")) state.clicked = performance.now();
    }, { capture: true, once: true });
  };
  window.__flipRead = () => {
    const s = window.__flip;
    const jobs = performance.getEntriesByType("resource").filter((e) => e.name.includes("/jobs?")).at(-1);
    return {
      ms: s.rows - s.clicked,
      request_sent: jobs ? jobs.startTime - s.clicked : null,
      request_answered: jobs ? jobs.responseEnd - s.clicked : null,
    };
  };
})()`;

async function flips(browser) {
  log(`click to rows: 2 unrecorded, then ${FLIP_CLICKS} clicks alternating Next and Previous between pages 1 and 2`);
  await control("reset");
  const { context, page } = await newPage(browser);
  const apiRequests = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname.startsWith("/api/3/")) apiRequests.push(r.method() + " " + new URL(r.url()).pathname + new URL(r.url()).search);
  });
  const clicks = [];
  try {
    await measureLoad(page, JOBS_PATH);
    await sleep(500);
    await page.evaluate(FLIP_PROBE);
    const nav = page.getByRole("navigation", { name: "Pagination" });
    for (let i = 0; i < FLIP_CLICKS + 2; i++) {
      const next = i % 2 === 0;
      await page.evaluate((t) => window.__flipArm(t), next ? 2 : 1);
      const before = apiRequests.length;
      await nav.getByRole("link", { name: next ? "Next" : "Previous" }).click();
      await page.waitForFunction(() => window.__flip.rows !== null, null, { timeout: 30_000, polling: 20 });
      const read = await page.evaluate(() => window.__flipRead());
      // Let the page settle (focus, scroll, late effects) before the next click.
      await sleep(150);
      if (i >= 2) clicks.push({ direction: next ? "next" : "previous", ...read, api_requests: apiRequests.slice(before) });
    }
    sampleLoad("flips");
  } finally {
    await context.close();
  }
  const of = (xs, key) => summary(xs.map((c) => c[key]).filter((v) => v !== null));
  const result = {
    clicks,
    ms: of(clicks, "ms"),
    next: of(clicks.filter((c) => c.direction === "next"), "ms"),
    previous: of(clicks.filter((c) => c.direction === "previous"), "ms"),
    request_sent: of(clicks, "request_sent"),
    request_answered: of(clicks, "request_answered"),
    requests_per_click: clicks.reduce((s, c) => s + c.api_requests.length, 0) / clicks.length,
  };
  log(`  click to rows: median ${result.ms.median.toFixed(0)} ms (${result.ms.min.toFixed(0)}–${result.ms.max.toFixed(0)})`);
  return result;
}

// ---------------------------------------------------------------- history --
// A click on the Jobs page's History link, whose page is a part of its own
// (a chunk of the split build) that nothing has fetched yet: each run is a
// cold load of the jobs page in a new context (empty HTTP cache) on a
// connection that asks to save data (SAVE_DATA: the app then prefetches no
// part), checked to have asked for none of the History part's chunk files
// before the click. Measured in the page, as the loads are: from the click
// (a capturing listener on the window, ahead of the router's own) to the
// moment a MutationObserver sees rows in the History table's body, and to
// the end of the frame that shows them (requestAnimationFrame, then a
// message: the INIT script's way); the chunks' and the API request's times
// from resource timing.
const HISTORY_ROWS = "table[aria-label=History] tbody tr";
const HISTORY_SIGNAL = "jobdeck-bench: History rows";
const HISTORY_PROBE = `(() => {
  const state = (window.__history = { clicked: null, rows: null, painted: null, count: null });
  addEventListener("click", (e) => {
    const link = e.target instanceof Element ? e.target.closest("a") : null;
    if (state.clicked === null && link && link.textContent.trim() === "History") state.clicked = performance.now();
  }, { capture: true });
  const observer = new MutationObserver(() => {
    if (state.clicked === null) return;
    const count = document.querySelectorAll(${JSON.stringify(HISTORY_ROWS)}).length;
    if (count === 0) return;
    state.rows = performance.now();
    state.count = count;
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        state.painted = performance.now();
        console.debug(${JSON.stringify(HISTORY_SIGNAL)});
      };
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document, { childList: true, subtree: true });
})()`;

/** The History part's chunk files (none for a build in one wasm). */
function historyChunkFiles() {
  const m = splitManifest();
  if (!m) return [];
  const point = Object.keys(m.splits).find((name) => name === "history") ?? Object.keys(m.splits).find((name) => name.startsWith("history"));
  if (!point) throw new Error(`${MANIFEST} has no split point for the History page`);
  return m.splits[point];
}

const HISTORY_SETTLE_MS = 1000;
async function historyClick(browser, files, profile) {
  const { context, page } = await newPage(browser, { network: profile ?? false, saveData: true });
  const asked = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith(".wasm")) asked.push(path.slice(1));
  });
  try {
    await measureLoad(page, JOBS_PATH);
    // Time for an idle prefetch, had the app asked for one.
    await sleep(HISTORY_SETTLE_MS);
    const inPage = await page.evaluate((names) => performance.getEntriesByType("resource").filter((e) => names.some((n) => e.name.endsWith(`/${n}`))).map((e) => e.name), files);
    const before = [...new Set([...asked.filter((f) => files.includes(f)), ...inPage.map((u) => new URL(u).pathname.slice(1))])];
    const link = page.getByRole("link", { name: "History", exact: true });
    // Playwright's own script goes into the page here, before the click.
    await link.waitFor({ state: "visible" });
    await page.evaluate(HISTORY_PROBE);
    const seen = page.waitForEvent("console", { predicate: (m) => m.text() === HISTORY_SIGNAL, timeout: 60_000 });
    seen.catch(() => {});
    const nth = asked.length;
    await link.click();
    await seen;
    const read = await page.evaluate((names) => {
      const s = window.__history;
      const resources = performance.getEntriesByType("resource").filter((e) => e.startTime >= s.clicked);
      const chunks = resources.filter((e) => names.some((n) => e.name.endsWith(`/${n}`)));
      const api = resources.find((e) => /\/api\/3\/stacks\/[^/]+\/actions\?/.test(e.name));
      const since = (t) => (t === null || t === undefined ? null : t - s.clicked);
      return {
        ms: s.rows - s.clicked,
        painted: s.painted - s.clicked,
        rows: s.count,
        chunk_files: chunks.length,
        chunk_sent: chunks.length ? since(Math.min(...chunks.map((e) => e.startTime))) : null,
        chunk_loaded: chunks.length ? since(Math.max(...chunks.map((e) => e.responseEnd))) : null,
        chunk_transfer: chunks.reduce((t, e) => t + e.transferSize, 0),
        api_sent: api ? since(api.startTime) : null,
        api_answered: api ? since(api.responseEnd) : null,
      };
    }, files);
    const after = asked.slice(nth).filter((f) => files.includes(f));
    return { ...read, asked_before: before, fetched_after: [...new Set(after)].length, valid: before.length === 0 };
  } finally {
    await context.close();
  }
}

async function historyClicks(browser) {
  const files = historyChunkFiles();
  log(
    `click on History to its rows, the part not fetched yet (save-data, each after a cold load): ${HISTORY_RUNS} on loopback, ${HISTORY_PHONE_RUNS} on the phone profile (after one warm-up each); ` +
      (files.length ? `its chunk files: ${files.join(", ")}` : "no split build: no chunk to fetch"),
  );
  const result = { split: files.length > 0, files, settle_ms: HISTORY_SETTLE_MS };
  for (const [key, profile, runs] of [["loopback", null, HISTORY_RUNS], ["phone", PHONE, HISTORY_PHONE_RUNS]]) {
    if (runs <= 0) continue;
    await control("reset");
    if (profile) await control("latency", "POST", { ms: profile.api_ms });
    try {
      await historyClick(browser, files, profile);
      const clicks = [];
      for (let i = 0; i < runs; i++) {
        clicks.push(await historyClick(browser, files, profile));
        sampleLoad(`history ${key}`);
      }
      const valid = clicks.filter((c) => c.valid);
      const invalid = clicks.length - valid.length;
      if (invalid) log(`  ${key}: ${invalid} run(s) left out: the History chunk was asked for before the click (${[...new Set(clicks.flatMap((c) => c.asked_before))].join(", ")})`);
      const of = (k) => summary(valid.map((c) => c[k]).filter((x) => x !== null));
      result[key] = {
        profile,
        clicks,
        left_out: invalid,
        ms: of("ms"),
        painted: of("painted"),
        chunk_sent: of("chunk_sent"),
        chunk_loaded: of("chunk_loaded"),
        chunk_transfer: of("chunk_transfer"),
        api_sent: of("api_sent"),
        api_answered: of("api_answered"),
        rows: of("rows"),
        fetched_after: of("fetched_after"),
      };
      const r = result[key];
      if (r.painted) {
        log(
          `  ${key}: click to rows on screen ${r.painted.median.toFixed(0)} ms median (max ${r.painted.max.toFixed(0)}), rows in the DOM ${r.ms.median.toFixed(0)} ms; ` +
            (r.chunk_loaded ? `chunks in at ${r.chunk_loaded.median.toFixed(0)} ms, ` : "") +
            (r.api_answered ? `GET actions answered at ${r.api_answered.median.toFixed(0)} ms` : ""),
        );
      }
    } finally {
      if (profile) await control("latency", "POST", { ms: 0 });
    }
  }
  return result;
}

// ----------------------------------------------------------------- memory --
// Where the app's wasm heap starts: Rust's allocator (dlmalloc) takes its
// memory from `memory.grow`, so its chunks start at the module's initial
// memory size (its memory section's minimum, in 64 KiB pages).
function wasmHeapBase() {
  const wasm = readdirSync(DIST).find((f) => f.endsWith("_bg.wasm"));
  return wasm ? readWasm(join(DIST, wasm)).initialMemory : null;
}

// The bytes the app's heap holds: dlmalloc's chunks from the heap's start
// to the end of linear memory, each with its size and an in-use bit in the
// word before its payload. Finer than the memory's size, which grows in
// 64 KiB pages and never shrinks. null if the walk does not end at the end
// of memory (the allocator is not laid out as assumed).
const HEAP_IN_USE = `(base) => {
  const memory = window.__benchWasm && window.__benchWasm.memory;
  if (!memory || base === null) return null;
  const view = new DataView(memory.buffer);
  let at = base;
  let used = 0;
  let chunks = 0;
  while (at + 8 <= view.byteLength) {
    const head = view.getUint32(at + 4, true);
    const size = head & ~7;
    if (size < 16 || at + size > view.byteLength) break;
    if (head & 2) {
      used += size;
      chunks++;
    }
    at += size;
  }
  return view.byteLength - at <= 64 ? { used, chunks } : null;
}`;

async function memorySnapshot(page, cdp, heapBase = null) {
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
  const heap = heapBase === null ? null : await page.evaluate(`(${HEAP_IN_USE})(${heapBase})`);
  return {
    ...inPage,
    wasm_heap_used: heap ? heap.used : null,
    wasm_heap_chunks: heap ? heap.chunks : null,
    cdp_heap_used: usage.usedSize,
    nodes: metric("Nodes"),
    listeners: metric("JSEventListeners"),
  };
}

// `count` flips through the Pagination nav, from inside the page: a click on
// Next (or Previous at the last page, and so on back and forth), then the
// new page's label and rows, seen by a MutationObserver. Returns each flip's
// time (ms from the click) and where the flips ended.
const FLIPS_IN_PAGE = async ({ count, pages, rows, current, forward }) => {
  const times = [];
  for (let i = 0; i < count; i++) {
    if (forward && current === pages) forward = false;
    if (!forward && current === 1) forward = true;
    current += forward ? 1 : -1;
    const nav = () => document.querySelector("nav[aria-label=Pagination]");
    const label = forward ? "Next" : "Previous";
    const link = [...(nav()?.querySelectorAll("a") ?? [])].find((a) => a.textContent.trim() === label);
    if (!link) throw new Error(`no ${label} link on the way to page ${current}`);
    const arrived = () =>
      nav()?.textContent.includes(`Page ${current} of`) && !document.querySelector(".loading-pill") && document.querySelectorAll(rows).length > 0;
    const started = performance.now();
    link.click();
    await new Promise((resolve, reject) => {
      if (arrived()) return resolve();
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`page ${current} did not arrive`));
      }, 30_000);
      const observer = new MutationObserver(() => {
        if (!arrived()) return;
        observer.disconnect();
        clearTimeout(timer);
        resolve();
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    times.push(performance.now() - started);
  }
  return { times, current, forward };
};

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

// Where a JS heap's bytes are, from a heap snapshot: the page's own JS
// objects (objects, closures, arrays, strings…), the browser's records kept
// in the heap ("native": resource timing entries, paint and soft-navigation
// records, DevTools' network data, the wasm module) and compiled code
// ("code"). Summed self sizes by node type.
async function heapByKind(cdp) {
  for (let i = 0; i < 2; i++) await cdp.send("HeapProfiler.collectGarbage");
  const chunks = [];
  const onChunk = (e) => chunks.push(e.chunk);
  cdp.on("HeapProfiler.addHeapSnapshotChunk", onChunk);
  await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  cdp.off("HeapProfiler.addHeapSnapshotChunk", onChunk);
  const snap = JSON.parse(chunks.join(""));
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const kinds = { page: 0, browser: 0, code: 0 };
  const browserByName = new Map();
  const codeByName = new Map();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + typeAt]];
    const size = snap.nodes[i + sizeAt];
    if (type === "native") {
      kinds.browser += size;
      const name = String(snap.strings[snap.nodes[i + nameAt]]).slice(0, 60);
      browserByName.set(name, (browserByName.get(name) ?? 0) + size);
    } else if (type === "code") {
      kinds.code += size;
      const name = String(snap.strings[snap.nodes[i + nameAt]]).slice(0, 80);
      codeByName.set(name, (codeByName.get(name) ?? 0) + size);
    }
    else kinds.page += size;
  }
  const largest = (map) => Object.fromEntries([...map].sort((a, b) => b[1] - a[1]).slice(0, 40));
  return { ...kinds, browser_by_name: Object.fromEntries(browserByName), code_by_name: largest(codeByName) };
}

// BENCH_MEMORY_DUMPS=1: also write the wasm's linear memory at each reading
// to target/bench/wasm-memory-<flips>.bin, for finding what stays allocated
// from one reading to the next (not part of the report).
const MEMORY_DUMPS = env("BENCH_MEMORY_DUMPS", "") === "1";
async function dumpWasmMemory(page, flip) {
  const base64 = await page.evaluate(() => {
    const bytes = new Uint8Array(window.__benchWasm.memory.buffer);
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  });
  writeFileSync(join(dirname(OUT), `wasm-memory-${flip}.bin`), Buffer.from(base64, "base64"));
}

async function memory(browser) {
  log(`memory: load, then ${FLIPS} page flips`);
  await control("reset");
  const { context, page, cdp } = await newPage(browser);
  await cdp.send("Performance.enable");
  const heapBase = wasmHeapBase();
  const snapshots = [];
  const flipTimes = [];
  // Heap snapshots after the warm-up flips and at the end: which kind of
  // memory the JS heap's growth is.
  const HEAP_FROM = Math.min(25, FLIPS);
  const heap = {};
  try {
    await gotoTable(page, JOBS_PATH);
    await sleep(500);
    snapshots.push({ flips: 0, ...(await memorySnapshot(page, cdp, heapBase)) });
    const pages = Number(/of (\d+)/.exec(await page.getByRole("navigation", { name: "Pagination" }).textContent())?.[1] ?? 1);
    let at = { current: 1, forward: true };
    const marks = [...new Set([1, 4, 10, 25, 50, 100, 150, FLIPS])].filter((m) => m <= FLIPS).sort((a, b) => a - b);
    let done = 0;
    for (const mark of marks) {
      // The flips up to the next reading run inside the page, so that no
      // per-flip evaluation of the benchmark's own lands in the JS heap it
      // measures.
      const run = await page.evaluate(FLIPS_IN_PAGE, { count: mark - done, pages, rows: ROWS, ...at });
      flipTimes.push(...run.times);
      at = { current: run.current, forward: run.forward };
      done = mark;
      await sleep(300);
      snapshots.push({ flips: mark, page: at.current, ...(await memorySnapshot(page, cdp, heapBase)) });
      sampleLoad("memory");
      if (mark === HEAP_FROM || mark === FLIPS) heap[mark] = await heapByKind(cdp);
      if (MEMORY_DUMPS) await dumpWasmMemory(page, mark);
    }
  } finally {
    await context.close();
  }
  // The baseline's heap after its load, for scale.
  const b = await newPage(browser);
  let baseline;
  try {
    ensureBaseline();
    await gotoTable(b.page, BASELINE_PATH);
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
    heap: { from: HEAP_FROM, to: FLIPS, at_from: heap[HEAP_FROM], at_to: heap[FLIPS] },
    growth: {
      used_js_heap: growth("used_js_heap"),
      cdp_heap_used: growth("cdp_heap_used"),
      wasm_memory: growth("wasm_memory"),
      wasm_heap_used: growth("wasm_heap_used"),
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
  // Which script sent each API request (CDP's initiator: the top frame of
  // the JavaScript stack), to tell the prefetch script's from the app's.
  const senders = [];
  await opened.cdp.send("Network.enable");
  opened.cdp.on("Network.requestWillBeSent", (e) => {
    if (!e.request.url.includes("/api/3/")) return;
    const frame = e.initiator?.stack?.callFrames?.[0] ?? e.initiator?.stack?.parent?.callFrames?.[0];
    const url = frame?.url || e.initiator?.url || "";
    senders.push({ path: new URL(e.request.url).pathname + new URL(e.request.url).search, script: url ? new URL(url, APP).pathname.replace(/^\//, "") : null });
  });
  let t0 = Date.now();
  opened.page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith("/api/3/")) {
      requests.push({ t: Date.now() - t0, method: r.method(), path: url.pathname + url.search });
    }
  });
  return { ...opened, requests, senders, mark: () => { t0 = Date.now(); requests.length = 0; senders.length = 0; } };
}

const activityDone = () => {
  const first = document.querySelector("[aria-label=Activity] li");
  return first !== null && /Succeeded|Failed/.test(first.textContent);
};

async function task(browser, name, act) {
  await control("reset");
  const s = await openSignedIn(browser);
  try {
    if (name !== "open") {
      await gotoTable(s.page, JOBS_PATH);
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
      senders: s.senders,
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
      await gotoTable(page, JOBS_PATH);
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
      return (await page.locator("[aria-label=Activity] li").first().textContent()).replace(/\s+/g, " ").trim();
    }),
  );
  results.push(
    await task(browser, "pause_all", async (page) => {
      await page.getByRole("button", { name: "Pause all", exact: true }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();
      await page.waitForFunction(activityDone, null, { timeout: 120_000, polling: 100 });
      return (await page.locator("[aria-label=Activity] li").first().textContent()).replace(/\s+/g, " ").trim();
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
  placeBaseline();
  log(`placed the baseline in dist/baseline (script ${baselineScript.name})`);
  const result = {
    date: new Date().toISOString(),
    command: COMMAND,
    build: env("BENCH_BUILD", "plain"),
    machine: machine(),
    app_url: APP,
    action_delay_ms: ACTION_DELAY_MS,
    runs: RUNS,
    net_runs: NET_RUNS,
    phone_runs: PHONE_RUNS,
    warm_runs: WARM_RUNS,
    sizes: sizes(),
  };
  log(`first screen: ${(result.sizes.total.gzip / 1024).toFixed(1)} KiB gzip (${result.sizes.files.length} files)`);
  const ch = result.sizes.chunks;
  if (!ch.split) log(`chunks: none (no ${MANIFEST}: a build in one wasm)`);
  else {
    for (const p of ch.points) log(`  part ${p.point}: ${p.files.length} chunk file(s), ${(p.total.gzip / 1024).toFixed(1)} KiB gzip`);
    log(`  largest chunk: ${ch.largest.file} ${(ch.largest.gzip / 1024).toFixed(1)} KiB gzip; ${ch.chunks.length} chunk files, ${(ch.all.gzip / 1024).toFixed(1)} KiB gzip in all`);
  }
  const browser = await chromium.launch(LAUNCH);
  try {
    result.chromium = browser.version();
    result.chromium_args = LAUNCH.args;
    // What actually went over the wire on one cold load.
    if (want("sizes")) result.wire = await wire(browser);
    if (want("timing")) result.timing = await timing(browser);
    if (want("network")) result.network = await network(browser);
    if (want("phone")) result.phone = await phone(browser);
    if (want("warm")) result.warm = await warm();
    if (want("floor")) result.floor = await floor(browser);
    if (want("startup")) result.startup = await startup(browser);
    if (want("flips")) result.flips = await flips(browser);
    if (want("history")) result.history = await historyClicks(browser);
    if (want("memory")) result.memory = await memory(browser);
    if (want("requests")) result.requests = await requests(browser);
    if (want("fleet")) result.fleet = await fleet(browser, { newPage, control, log });
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
    writeBenchmarks(MARKDOWN, result);
    log(`wrote ${OUT} and ${MARKDOWN} in ${result.duration_s.toFixed(0)} s`);
  }
}

// ---------------------------------------------------------------- startup --
// Where Jobdeck's main thread spends a cold loopback load, from the wasm's
// instantiation to the 30 rows, read from a Chromium trace of each load:
// V8 compiles a wasm function on its first call (lazy compilation, on by
// default and not something a page can turn off), so the time splits into
// that compilation and the rest (running the app's code, the DOM calls, GC).
// Traced loads run slower than untraced ones; the shares are what count. The
// last load's trace is kept in target/bench/trace.json (chrome://tracing or
// DevTools' Performance panel open it).
const STARTUP_RUNS = Number(env("BENCH_STARTUP_RUNS", "5"));
async function startup(browser) {
  log(`start-up: ${STARTUP_RUNS} traced cold loads (loopback) of each app`);
  const loads = [];
  const frames = { jobdeck: [], baseline: [] };
  let trace = null;
  for (let i = 0; i <= STARTUP_RUNS; i++) {
    for (const [app, path] of [["jobdeck", JOBS_PATH], ["baseline", BASELINE_PATH]]) {
      const { context, page, cdp } = await newPage(browser);
      try {
        const events = [];
        cdp.on("Tracing.dataCollected", (e) => events.push(...e.value));
        const done = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
        await cdp.send("Tracing.start", {
          traceConfig: { includedCategories: ["devtools.timeline", "v8", "v8.wasm", "blink.user_timing", "loading", "toplevel"] },
          transferMode: "ReportEvents",
        });
        const load = await measureLoad(page, path);
        await cdp.send("Tracing.end");
        await done;
        if (i === 0) continue; // warm-up
        frames[app].push(frameAfterTable(events, load.table, load.painted));
        if (app !== "jobdeck") continue;
        trace = events;
        loads.push({ table: load.table, ...mainThreadUntilTable(events, load.table) });
      } finally {
        await context.close();
      }
    }
  }
  const out = join(dirname(OUT), "trace.json");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ traceEvents: trace }));
  const of = (list, key) => summary(list.map((l) => l[key]).filter((v) => v !== null));
  const frame = (list) => Object.fromEntries(FRAME_PARTS.map((k) => [k, of(list, k)]));
  const result = {
    runs: loads.length,
    loads,
    table: of(loads, "table"),
    window: of(loads, "window"),
    busy: of(loads, "busy"),
    lazy_compile: of(loads, "lazy_compile"),
    lazy_functions: of(loads, "lazy_functions"),
    gc: of(loads, "gc"),
    js_compile: of(loads, "js_compile"),
    frame: { jobdeck: frame(frames.jobdeck), baseline: frame(frames.baseline) },
  };
  log(
    `  instantiated to rows: ${result.window.median.toFixed(0)} ms, main thread busy ${result.busy.median.toFixed(0)} ms, ` +
      `of which compiling ${result.lazy_functions.median} wasm functions on first call ${result.lazy_compile.median.toFixed(0)} ms (medians)`,
  );
  for (const app of ["jobdeck", "baseline"]) {
    const f = result.frame[app];
    log(`  ${app}, rows in the DOM to rows on screen: ${f.window.median.toFixed(0)} ms; style ${f.style.median.toFixed(0)}, layout ${f.layout.median.toFixed(0)}, paint ${f.paint.median.toFixed(0)}, script ${f.script.median.toFixed(0)} ms (medians)`);
  }
  return result;
}

/** From a load's trace: the renderer's main thread from the moment the rows
 * were in the DOM (`table`) to the end of the frame that shows them
 * (`painted`), both ms since navigation start: what the browser's rendering
 * of that frame took (style, layout, pre-paint and paint) and what script
 * still ran in between (ms). */
const FRAME_PARTS = ["window", "style", "layout", "paint", "script", "layout_objects", "styled_elements"];
function frameAfterTable(events, table, painted) {
  const empty = Object.fromEntries(FRAME_PARTS.map((k) => [k, null]));
  // The page's main thread: where its document's navigation started.
  const nav = events.filter((e) => e.name === "navigationStart" && /^https?:/.test(e.args?.data?.documentLoaderURL ?? "")).pop();
  if (!nav || table === null || painted === null) return empty;
  const { pid, tid } = nav;
  const from = nav.ts + table * 1000;
  const to = nav.ts + painted * 1000;
  const mine = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === "X" && e.dur && e.ts >= from && e.ts < to);
  const sum = (names) => mine.filter((e) => names.includes(e.name)).reduce((s, e) => s + e.dur / 1000, 0);
  const most = (name, arg) => Math.max(0, ...mine.filter((e) => e.name === name).map(arg));
  return {
    window: painted - table,
    style: sum(["UpdateLayoutTree"]),
    layout: sum(["Layout"]),
    paint: sum(["PrePaint", "Paint", "Layerize"]),
    script: sum(["FunctionCall", "EvaluateScript", "RunMicrotasks", "FireAnimationFrame"]),
    layout_objects: most("Layout", (e) => e.args?.beginData?.totalObjects ?? 0),
    styled_elements: most("UpdateLayoutTree", (e) => e.args?.elementCount ?? 0),
  };
}

/** From a load's trace: the renderer's main thread between the wasm's
 * instantiation and the moment the rows were in the DOM (`table`, ms since
 * navigation start): time busy, and the parts of it by kind (ms). */
function mainThreadUntilTable(events, table) {
  const lazy = events.filter((e) => e.name === "wasm.CompileLazy");
  if (!lazy.length) return { window: null, busy: null, lazy_compile: null, lazy_functions: null, gc: null, js_compile: null };
  const { pid, tid } = lazy[0];
  const nav = events.find((e) => e.name === "navigationStart" && e.pid === pid) ?? events.find((e) => e.name === "navigationStart");
  const inst = events.find((e) => e.pid === pid && (e.name === "wasm.AsyncInstantiate" || e.name === "wasm.SyncInstantiate"));
  const from = inst ? inst.ts : lazy[0].ts;
  const to = nav.ts + table * 1000;
  const mine = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === "X" && e.dur && e.ts < to && e.ts + e.dur > from)
    .sort((a, b) => a.ts - b.ts);
  const clipped = (e) => (Math.min(e.ts + e.dur, to) - Math.max(e.ts, from)) / 1000;
  // Busy: the union of the top-level events (no event inside another counts twice).
  let busy = 0;
  let end = -Infinity;
  for (const e of mine) {
    if (e.ts >= end) {
      busy += clipped(e);
      end = e.ts + e.dur;
    }
  }
  const sum = (test) => mine.filter((e) => test(e.name)).reduce((s, e) => s + clipped(e), 0);
  const inWindow = lazy.filter((e) => e.ts >= from && e.ts < to);
  return {
    window: (to - from) / 1000,
    busy,
    lazy_compile: sum((n) => n === "wasm.CompileLazy"),
    lazy_functions: new Set(inWindow.map((e) => e.args?.func_index)).size,
    gc: sum((n) => n === "MinorGC" || n === "MajorGC"),
    js_compile: sum((n) => n === "V8.CompileCode" || n === "V8.ParseFunction" || n === "V8.CompileLazy"),
  };
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
    await gotoTable(page, JOBS_PATH);
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
