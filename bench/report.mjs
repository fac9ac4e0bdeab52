// Turns bench/run.mjs's results into BENCHMARKS.md. Also runnable alone to
// re-render from a saved result: `node bench/report.mjs target/bench/results.json`.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const TARGETS = {
  gzip_kib: 150,
  time_ratio: 1.5,
  memory_growth: 0.05,
};

const kib = (b) => (b / 1024).toFixed(1);
const ms = (x) => (x === null || x === undefined ? "–" : x.toFixed(0));
const pct = (x) => (x === null || x === undefined ? "–" : `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} %`);
const mib = (b) => (b === null || b === undefined ? "–" : (b / 2 ** 20).toFixed(2));
const yes = (ok) => (ok ? "**met**" : "**missed**");

function verdicts(r) {
  const gzipLimit = TARGETS.gzip_kib * 1024;
  const size = { ok: r.sizes.total.gzip <= gzipLimit, value: r.sizes.total.gzip, over: r.sizes.total.gzip - gzipLimit };
  const time = ["x1", "x4"].map((k) => {
    const t = r.timing[k];
    const limit = t.baseline.table.median * TARGETS.time_ratio;
    return { key: k, ok: t.ratio <= TARGETS.time_ratio, ratio: t.ratio, limit, over: t.jobdeck.table.median - limit };
  });
  const g = r.memory.growth;
  const watched = ["used_js_heap", "wasm_memory", "nodes"];
  const memory = {
    ok: watched.every((k) => g[k] === null || g[k] <= TARGETS.memory_growth),
    growth: g,
  };
  const requests = { ok: r.requests.every((t) => t.met), tasks: r.requests };
  return { size, time, memory, requests };
}

function machineLines(r) {
  const m = r.machine;
  const loads = r.load.map((s) => s.load1);
  const builders = Math.max(...r.load.map((s) => s.builders));
  const lines = [
    `- Date: ${r.date.replace("T", " ").replace(/\.\d+Z$/, " UTC")}; run took ${r.duration_s.toFixed(0)} s.`,
    `- Machine: ${m.nproc} cores (\`nproc\`), ${m.cpu}, ${m.memory_gib.toFixed(1)} GiB RAM, Linux ${m.kernel}; Node ${m.node}; Chromium ${r.chromium} (headless).`,
    `- Measured: commit \`${m.commit}\`${m.app_sources_dirty ? " **plus uncommitted changes to the app's sources**" : ""}, release build (\`trunk build --release\`) served by nginx (deploy/nginx template) with \`/api/3\` proxied to the sandbox (action delay ${r.action_delay_ms} ms).`,
    `- Command: \`${r.command}\` (rewrites this file; raw figures in \`target/bench/results.json\`).`,
    `- Machine load during the run: 1-minute load average ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}` +
      (builders > 0
        ? `; **other builds were running** (up to ${builders} rustc/cargo/trunk/wasm-opt/linker processes seen), so timings are noisier than on a quiet machine.`
        : "; no other build was running (no rustc/cargo/trunk/wasm-opt process seen)."),
  ];
  if (r.baseline_restored > 0) {
    lines.push(`- dist/ was rebuilt by someone else during the run; the baseline was copied back ${r.baseline_restored} time(s).`);
  }
  return lines;
}

function sizeSection(r, v) {
  const s = r.sizes;
  const rows = s.files.map((f) => `| \`${f.file}\` | ${f.raw} | ${f.gzip} | ${f.brotli} |`);
  const wire = (r.wire || [])
    .map((w) => `\`${w.path}\` ${w.encoding}${w.body_bytes !== null ? ` ${w.body_bytes} B` : ""}`)
    .join(", ");
  const acceptEncoding = r.wire?.find((w) => w.accept_encoding)?.accept_encoding;
  const wasm = s.files.find((f) => f.file.endsWith(".wasm"));
  const out = [
    "## 1. First-load size",
    "",
    "Every file the first load fetches: `index.html`, what it names, and what the extracted `loader-*.js` imports. Sizes of the files in `dist/` and of the `.gz`/`.br` copies the post-build hook writes next to them (gzip -9, brotli 11).",
    "",
    "| file | raw (B) | gzip (B) | brotli (B) |",
    "| --- | ---: | ---: | ---: |",
    ...rows,
    `| **total** | **${s.total.raw}** (${kib(s.total.raw)} KiB) | **${s.total.gzip}** (${kib(s.total.gzip)} KiB) | **${s.total.brotli}** (${kib(s.total.brotli)} KiB) |`,
    `| baseline (\`baseline/index.html\` + \`app.js\`) | ${s.baseline.total.raw} | ${s.baseline.total.gzip} | ${s.baseline.total.brotli} |`,
    "",
    `Target: all first-load files together ≤ ${TARGETS.gzip_kib} KiB gzip. ${yes(v.size.ok)}: ${kib(s.total.gzip)} KiB` +
      (v.size.ok ? "." : `, ${kib(v.size.over)} KiB (${((v.size.over / (TARGETS.gzip_kib * 1024)) * 100).toFixed(0)} %) over.`),
  ];
  if (wire) {
    out.push("", `On the wire (one cold load; Chromium sent \`Accept-Encoding: ${acceptEncoding ?? "?"}\`): ${wire}.`);
  }
  if (!v.size.ok && wasm) {
    const share = wasm.gzip / s.total.gzip;
    const brOk = s.total.brotli <= TARGETS.gzip_kib * 1024;
    out.push(
      "",
      `What it would take: the wasm is ${kib(wasm.gzip)} KiB of the ${kib(s.total.gzip)} KiB (${(share * 100).toFixed(0)} %), so the cut must come from it: ` +
        `${kib(v.size.over)} KiB gzip, i.e. the wasm at ≤ ${kib(wasm.gzip - v.size.over)} KiB gzip (−${((v.size.over / wasm.gzip) * 100).toFixed(0)} %). ` +
        `/work/shared/TOOLCHAIN.md measured 153 KiB for "a small jobs table with pager and actions" with the same profile, so the gap is in what this app pulls in beyond that. ` +
        "Find the largest functions and crates with `twiggy top`/`twiggy dominators` on a build with a names section (`data-wasm-opt` off, or `wasm-opt -g`). Likely candidates: " +
        "`serde_json::Value` (jobs are parsed through a `Value` and kept as `Map<String, Value>` params, which links the generic Value machinery besides the derived deserializers), " +
        "`gloo-net` (a thin `web_sys::fetch` call is smaller), formatting (`format!`/`to_string` in many views), and any `leptos_router` features unused by two routes. " +
        (brOk
          ? `Brotli is already under the mark (${kib(s.total.brotli)} KiB) and nginx serves the .br files to browsers that ask for br, but the target is set in gzip.`
          : `Brotli alone does not get there either (${kib(s.total.brotli)} KiB).`),
    );
  }
  return out;
}

function timingSection(r, v) {
  const row = (label, app, t) =>
    `| ${label} | ${app} | ${ms(t.table.min)} | **${ms(t.table.median)}** | ${ms(t.table.max)} | ${ms(t.fcp.median)} | ${t.app_started ? ms(t.app_started.median) : "–"} | ${ms(t.jobs_request.median)} | ${ms(t.jobs_response.median)} |`;
  const out = [
    "## 2. Time to first table",
    "",
    `Cold loads of \`/stacks/5999b763474b0eafa5fafb64bff0ba80/jobs\` in headless Chromium, ${r.runs} per app and CPU setting after one unrecorded warm-up each, Jobdeck and baseline alternating. ` +
      "Each load is a new browser context (empty HTTP and code cache, no open connections) whose init script stores the token under `jobdeck.token` and `/api/3` under `jobdeck.api_url`, as the sign-in form does. " +
      "The time is `performance.now()` (ms since navigation start) when a MutationObserver first sees 30 rows in `table[aria-label=Jobs] tbody`. " +
      "The baseline (`bench/baseline/`, served by the same nginx from `dist/baseline/`, same CSP) is plain JavaScript: it reads the token, fetches page 1 of the same jobs with the same Authorization header and renders the same seven columns. " +
      "CPU throttling is CDP `Emulation.setCPUThrottlingRate` (network not throttled: the sandbox is on loopback).",
    "",
    "| CPU | app | min | median | max | first paint | wasm started | GET jobs sent | GET jobs answered |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const k of ["x1", "x4"]) {
    const t = r.timing[k];
    const label = k === "x1" ? "not throttled" : "4× slower";
    out.push(row(label, "Jobdeck", t.jobdeck), row(label, "baseline", t.baseline));
  }
  out.push("", "All in ms since navigation start; the last four columns are medians.", "");
  for (const t of v.time) {
    const label = t.key === "x1" ? "Without throttling" : "With the CPU 4× slower";
    const e = r.timing[t.key];
    out.push(
      `- ${label}: Jobdeck's median is ${t.ratio.toFixed(2)}× the baseline's (${ms(e.jobdeck.table.median)} vs ${ms(e.baseline.table.median)} ms). Target ≤ ${TARGETS.time_ratio}×: ${yes(t.ok)}` +
        (t.ok ? "." : `, by ${ms(t.over)} ms (the limit is ${ms(t.limit)} ms).`),
    );
  }
  if (v.time.some((t) => !t.ok)) {
    const t1 = r.timing.x4.jobdeck;
    const b1 = r.timing.x4.baseline;
    out.push(
      "",
      `What it would take: the gap is almost all before the first API request. Throttled, Jobdeck sends GET jobs at ${ms(t1.jobs_request.median)} ms against the baseline's ${ms(b1.jobs_request.median)} ms, ` +
        `and needs ${ms(t1.table.median - t1.jobs_response.median)} ms from the answer to the rows (baseline ${ms(b1.table.median - b1.jobs_response.median)} ms). ` +
        "Downloading, compiling and instantiating the wasm is what stands between: a smaller wasm (section 1) shortens both download and compile; " +
        "the rest of the page cannot start earlier in a CSR wasm app unless the jobs request is started by the loader in JavaScript while the wasm compiles (e.g. a `<link rel=preload>` cannot carry the Authorization header, so it would take a few lines in the loader handing a promise to the app).",
    );
  }
  return out;
}

function memorySection(r, v) {
  const m = r.memory;
  const rows = m.snapshots.map(
    (s) => `| ${s.flips} | ${mib(s.used_js_heap)} | ${mib(s.cdp_heap_used)} | ${mib(s.wasm_memory)} | ${s.nodes ?? "–"} | ${s.dom_nodes} | ${s.listeners ?? "–"} |`,
  );
  const first = m.snapshots.find((s) => s.flips === 1);
  const g = m.growth;
  const out = [
    "## 3. Memory",
    "",
    `One page, loaded cold, then ${m.flips} flips through the Pagination nav (Next to the last page, Previous back to the first, and so on), each waiting for the new page's label and rows. ` +
      "Before each reading: two forced collections (CDP `HeapProfiler.collectGarbage`).",
    "",
    "| after flips | JS heap used (MiB, `performance.memory`) | JS heap used (MiB, CDP `Runtime.getHeapUsage`) | wasm linear memory (MiB) | DOM nodes (CDP, incl. detached) | elements in document | JS event listeners |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
    `| baseline after load | ${mib(m.baseline.used_js_heap)} | ${mib(m.baseline.cdp_heap_used)} | – | ${m.baseline.nodes ?? "–"} | ${m.baseline.dom_nodes} | ${m.baseline.listeners ?? "–"} |`,
    "",
    `From flip 1 to flip ${m.flips}: JS heap ${pct(g.used_js_heap)}, wasm memory ${pct(g.wasm_memory)}, DOM nodes ${pct(g.nodes)}. ` +
      `Target: within ${TARGETS.memory_growth * 100} % of the reading after the first flip: ${yes(v.memory.ok)}.` +
      ` A flip (click to new rows) takes ${ms(m.flip_ms.median)} ms median (${ms(m.flip_ms.min)}–${ms(m.flip_ms.max)}).`,
    "",
    "How the wasm memory is read: trunk's loader sets `window.wasmBindings` to the wasm-bindgen glue module, whose exports here are " +
      `${first?.exposed_by_bindings ? first.exposed_by_bindings.map((k) => `\`${k}\``).join(", ") : "–"}: no memory and no \`__wbindgen_memory\`. ` +
      "The loader also fires `TrunkApplicationStarted` with `detail.wasm`, the instance's exports, which include `memory`; the benchmark's init script keeps that and reads `memory.buffer.byteLength`. Nothing is added to the app. " +
      "Linear memory only grows (the allocator reuses freed space but never returns pages), so a flat figure means no growth beyond the first high-water mark, not that nothing is retained inside it. " +
      `\`performance.measureUserAgentSpecificMemory\` ${first?.measure_ua_memory ? "exists" : "is not available"} here (it needs a cross-origin-isolated page; \`crossOriginIsolated\` is ${first?.cross_origin_isolated}).`,
  ];
  if (!v.memory.ok) {
    out.push("", "**Growth found**: see the table; this is for the app's owners to investigate (the benchmark changes nothing in the app).");
  }
  return out;
}

const TASK_LABELS = {
  open: "Open a stack's jobs page (cold, signed in)",
  next: "Go to the next page",
  run: "Run now on `db-backup`, followed to Succeeded",
  pause_all: "Pause all (Confirm), followed to the end",
};

function requestSection(r, v) {
  const rows = r.requests.map((t) => {
    const routes = Object.entries(t.routes)
      .map(([k, n]) => `${n}× \`${k}\``)
      .join(", ");
    const polls = t.polls_allowed
      ? `${t.polls.length} at ${t.polls.map((p) => `${(p / 1000).toFixed(2)} s`).join(", ")} after the POST`
      : "–";
    const min = t.polls_allowed ? `${t.minimum} + polls` : `${t.minimum}`;
    return `| ${TASK_LABELS[t.name]} | **${t.total}** | ${routes} | ${min} | ${polls} | ${t.beyond_minimum} | ${t.met ? "met" : "**missed**"} |`;
  });
  const out = [
    "## 4. Requests per task",
    "",
    "The sandbox is reset before each task and its `/__sandbox/stats` read 2.5 s after the task ends (to catch late requests such as the reload after an action). For the tasks after the first, the page is opened and settled before the reset. Poll times come from Playwright's `page.on('request')`.",
    "",
    "| task | requests | by route | minimum | action polls | beyond minimum (polls excepted) | target |",
    "| --- | ---: | --- | ---: | --- | ---: | --- |",
    ...rows,
    "",
    "The minimum the API allows:",
    ...r.requests.map((t) => `- ${TASK_LABELS[t.name]}: ${t.minimum_why}.`),
    "",
    `Target: per task no request beyond the minimum except action polls: ${yes(v.requests.ok)}.` +
      ` Preflights: ${r.requests.reduce((s, t) => s + (t.preflight || 0), 0)} (same origin, as expected).`,
  ];
  const spacing = r.requests
    .filter((t) => t.polls.length > 1)
    .map((t) => `${TASK_LABELS[t.name]}: ${t.polls.slice(1).map((p, i) => ((p - t.polls[i]) / 1000).toFixed(2)).join(" s, ")} s between polls`);
  if (spacing.length) out.push("", `Poll spacing (the app waits 1 s, then 1.5× longer each time, up to 15 s): ${spacing.join("; ")}.`);
  for (const t of r.requests.filter((t) => !t.met)) {
    out.push("", `**${TASK_LABELS[t.name]}**: ${t.beyond_minimum} request(s) beyond the minimum. Sequence: ${t.requests.map((q) => `${(q.t / 1000).toFixed(2)} s ${q.method} ${q.path}`).join("; ")}.`);
  }
  return out;
}

export function renderMarkdown(r) {
  const v = verdicts(r);
  const timeText = v.time.map((t) => `${t.ratio.toFixed(2)}× ${t.key === "x1" ? "unthrottled" : "at 4× CPU"}`).join(", ");
  const reqText = r.requests.map((t) => `${t.name} ${t.total}`).join(", ");
  const summaryRows = [
    `| all first-load files ≤ ${TARGETS.gzip_kib} KiB gzip | ${kib(r.sizes.total.gzip)} KiB gzip (${kib(r.sizes.total.brotli)} KiB brotli, ${kib(r.sizes.total.raw)} KiB raw) | ${yes(v.size.ok)}${v.size.ok ? "" : `: ${kib(v.size.over)} KiB over`} |`,
    ...v.time.map((t) => {
      const e = r.timing[t.key];
      return `| time to first table ≤ ${TARGETS.time_ratio}× baseline, ${t.key === "x1" ? "no throttling" : "CPU 4× slower"} | ${ms(e.jobdeck.table.median)} vs ${ms(e.baseline.table.median)} ms median: ${t.ratio.toFixed(2)}× | ${yes(t.ok)}${t.ok ? "" : `: ${ms(t.over)} ms over`} |`;
    }),
    `| memory after ${r.memory.flips} flips within ${TARGETS.memory_growth * 100} % of after the first | JS heap ${pct(v.memory.growth.used_js_heap)}, wasm ${pct(v.memory.growth.wasm_memory)}, DOM nodes ${pct(v.memory.growth.nodes)} | ${yes(v.memory.ok)} |`,
    `| no request beyond the minimum per task (polls excepted) | ${reqText} | ${yes(v.requests.ok)} |`,
  ];
  return [
    "# Jobdeck benchmarks",
    "",
    "Written by `cargo xtask bench` (xtask/src/bench.rs, bench/run.mjs, bench/report.mjs); every run rewrites this file.",
    "",
    ...machineLines(r),
    "",
    "## Targets",
    "",
    "| target | measured | |",
    "| --- | --- | --- |",
    ...summaryRows,
    "",
    `In short: ${kib(r.sizes.total.gzip)} KiB gzip to download; ${timeText} the baseline's time to the table; requests ${reqText}.`,
    "",
    ...sizeSection(r, v),
    "",
    ...timingSection(r, v),
    "",
    ...memorySection(r, v),
    "",
    ...requestSection(r, v),
    "",
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [input = "target/bench/results.json", output = "BENCHMARKS.md"] = process.argv.slice(2);
  writeFileSync(output, renderMarkdown(JSON.parse(readFileSync(input, "utf8"))));
  console.log(`wrote ${output}`);
}
