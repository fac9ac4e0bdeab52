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
const pct0 = (x) => `${(x * 100).toFixed(0)} %`;
const yes = (ok) => (ok ? "**met**" : "**missed**");

const GROUPS = {
  framework: /^(reactive_graph|tachys|leptos|leptos_router|leptos_dom|leptos_macro|either_of|next_tuple|any_spawner|throw_error|oco_ref|slotmap|or_poisoned|guardian|send_wrapper|reactive_stores|hydration_context|server_fn|futures_util|futures_channel|futures_core|futures_executor|futures_task|async_lock|event_listener|pin_project_lite|paste|indexmap|rustc_hash|typed_builder)$/,
  bindings: /^(js_sys|web_sys|wasm_bindgen|wasm_bindgen_futures|gloo_net|gloo_utils|gloo_timers|gloo)$/,
  serde: /^(serde|serde_core|serde_json|zmij|ryu|itoa|memchr)$/,
  app: /^jobdeck$/,
  std: /^(core|alloc|std|dlmalloc|hashbrown|compiler_builtins)$/,
};

function crateGroups(crates) {
  const sums = { framework: 0, bindings: 0, serde: 0, app: 0, std: 0, other: 0 };
  for (const c of crates.crates) {
    const group = Object.keys(GROUPS).find((g) => GROUPS[g].test(c.crate)) ?? "other";
    sums[group] += c.share;
  }
  return sums;
}

function crateLines(crates) {
  const g = crateGroups(crates);
  const top = crates.crates.slice(0, 12).map((c) => `\`${c.crate}\` ${pct0(c.share)}`).join(", ");
  return [
    `Where the wasm's code comes from (function bodies of cargo's output before wasm-bindgen and wasm-opt, ${Math.round(crates.code / 1024)} KiB of code and ${Math.round(crates.data / 1024)} KiB of data; a generic function counts for the crate that defines it, and closures often count under \`core\`; \`node bench/wasm-crates.mjs target/bench/jobdeck-named.wasm\` lists them): ` +
      `Leptos and its reactive system and async helpers ${pct0(g.framework)}, core/alloc/std ${pct0(g.std)}, JS bindings (js-sys, web-sys, wasm-bindgen, gloo-net) ${pct0(g.bindings)}, serde/serde_json ${pct0(g.serde)}, Jobdeck's own code ${pct0(g.app)}, other ${pct0(g.other)}. Largest: ${top}.`,
  ];
}

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
  const timed = r.load.filter((s) => s.phase.startsWith("timing"));
  const others = (samples) => ({
    builders: Math.max(0, ...samples.map((s) => s.builders)),
    browsers: Math.max(0, ...samples.map((s) => s.browsers ?? 0)),
  });
  const during = others(timed);
  const overall = others(r.load);
  const seen = (o) => `up to ${o.builders} rustc/cargo/trunk/wasm-opt/linker and ${o.browsers} Chromium/Node processes not the benchmark's own`;
  const lines = [
    `- Date: ${r.date.replace("T", " ").replace(/\.\d+Z$/, " UTC")}; run took ${r.duration_s.toFixed(0)} s.`,
    `- Machine: ${m.nproc} cores (\`nproc\`), ${m.cpu}, ${m.memory_gib.toFixed(1)} GiB RAM, Linux ${m.kernel}; Node ${m.node}; Chromium ${r.chromium} (headless).`,
    `- Measured: commit \`${m.commit}\`${m.app_sources_dirty ? " **plus uncommitted changes to the app's sources**" : ""}, release build (\`trunk build --release\`) served by nginx (deploy/nginx template) with \`/api/3\` proxied to the sandbox (action delay ${r.action_delay_ms} ms).`,
    `- Command: \`${r.command}\` (rewrites this file; raw figures in \`target/bench/results.json\`).`,
    `- Machine load during the run: 1-minute load average ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} (the benchmark's own Chromium, nginx and sandbox included). ` +
      (during.builders || during.browsers
        ? `**Other people's work ran during the timed loads** (${seen(during)}), so the timings are noisier than on a quiet machine.`
        : `During the timed loads nobody else's build, browser or test run was seen${overall.builders || overall.browsers ? ` (later in the run: ${seen(overall)})` : ""}.`),
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
    "Every file the first load fetches: `index.html`, what it names, and what the extracted `loader-*.js` imports. Sizes of the release build as served (`target/bench/dist/`, the benchmark's own build, so that other people's builds of `dist/` during the run change nothing) and of the `.gz`/`.br` copies the post-build hook writes next to each file (gzip -9, brotli 11).",
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
  if (s.crates) {
    out.push("", ...crateLines(s.crates));
  }
  if (!v.size.ok && wasm) {
    const share = wasm.gzip / s.total.gzip;
    const wasmJs = s.files.filter((f) => f.file.endsWith(".wasm") || (f.file.endsWith(".js") && !f.file.startsWith("loader-"))).reduce((t, f) => t + f.gzip, 0);
    const cut = v.size.over / wasm.gzip;
    const g = s.crates ? crateGroups(s.crates) : null;
    out.push(
      "",
      `What it would take: the wasm is ${kib(wasm.gzip)} KiB of the ${kib(s.total.gzip)} KiB (${(share * 100).toFixed(0)} %), so the cut must come from it: ` +
        `${kib(v.size.over)} KiB gzip, the wasm at ≤ ${kib(wasm.gzip - v.size.over)} KiB gzip (−${(cut * 100).toFixed(0)} %). ` +
        (g
          ? `That is more than the app's own code (${pct0(g.app)} of the code), serde (${pct0(g.serde)}) and the JS bindings (${pct0(g.bindings)}) together; the framework (${pct0(g.framework)}) and the closures and formatting counted under core/alloc/std (${pct0(g.std)}) are the bulk. `
          : "") +
        "/work/shared/TOOLCHAIN.md measured the floor of this stack with the same profile: 122 KiB gzip for Leptos + router + gloo-net + serde_json + LocalResource, 153 KiB for a small jobs table with pager and actions. " +
        `Counted the same way (wasm + JS glue, gzip), Jobdeck is ${kib(wasmJs)} KiB, ${kib(wasmJs - 122 * 1024)} KiB above that floor; with the other first-load files (${kib(s.total.gzip - wasmJs)} KiB) the target leaves ${kib(TARGETS.gzip_kib * 1024 - (s.total.gzip - wasmJs) - 122 * 1024)} KiB above it. ` +
        "Levers, each to be checked by rerunning this benchmark: fewer monomorphized view and future types (every distinct `view!` tree, `Suspend`, `LocalResource`, `Show`/`For` and closure type instantiates tachys/reactive_graph code; erasing with `.into_any()` at component boundaries and sharing one resource type helps), " +
        "parsing jobs into typed structs instead of through `serde_json::Value` (and keeping `params` as raw text), no f64 formatting (`{:.0}` and f64 `Display` pull in core's float printers, about 11 KB before wasm-opt), " +
        "and a `twiggy dominators` pass over `target/bench/jobdeck-named.wasm` to find the largest single trees. " +
        (s.total.brotli <= TARGETS.gzip_kib * 1024
          ? `Brotli is already under the mark (${kib(s.total.brotli)} KiB) and nginx serves the .br files to browsers that accept br, but the target is set in gzip.`
          : `Brotli, which nginx already serves to browsers that accept it, is ${kib(s.total.brotli)} KiB: over the mark too.`),
    );
  }
  return out;
}

function timingSection(r, v) {
  const med = (x) => (x ? ms(x.median) : "–");
  const row = (label, app, t) =>
    `| ${label} | ${app} | ${ms(t.table.min)} | **${ms(t.table.median)}** | ${ms(t.table.max)} | ${med(t.fcp)} | ${med(t.script_loaded)} | ${med(t.wasm_loaded)} | ${med(t.app_started)} | ${med(t.jobs_request)} | ${med(t.jobs_response)} |`;
  const out = [
    "## 2. Time to first table",
    "",
    `Cold loads of \`/stacks/5999b763474b0eafa5fafb64bff0ba80/jobs\` in headless Chromium, ${r.runs} per app and CPU setting after one unrecorded warm-up each, Jobdeck and baseline alternating. ` +
      "Each load is a new browser context (empty HTTP and code cache, no open connections) whose init script stores the token under `jobdeck.token` and `/api/3` under `jobdeck.api_url`, as the sign-in form does. " +
      "The time is `performance.now()` (ms since navigation start) when a MutationObserver first sees 30 rows in `table[aria-label=Jobs] tbody`. " +
      "The baseline (`bench/baseline/`, copied to `baseline/` of the served site and served by the same nginx with the same CSP) is plain JavaScript: it reads the token, fetches page 1 of the same jobs with the same Authorization header and renders the same seven columns. " +
      "CPU throttling is CDP `Emulation.setCPUThrottlingRate` (network not throttled: the sandbox is on loopback).",
    "",
    "| CPU | app | min | median | max | first paint | scripts loaded | wasm loaded | wasm started | GET jobs sent | GET jobs answered |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const k of ["x1", "x4"]) {
    const t = r.timing[k];
    const label = k === "x1" ? "not throttled" : "4× slower";
    out.push(row(label, "Jobdeck", t.jobdeck), row(label, "baseline", t.baseline));
  }
  out.push(
    "",
    "All in ms since navigation start; from \"first paint\" on, medians. Scripts and wasm loaded: the last byte of the last `.js` and of the `.wasm` (resource timing); wasm started: trunk's `TrunkApplicationStarted` event, fired after the app's `main` has run.",
    "",
  );
  for (const t of v.time) {
    const label = t.key === "x1" ? "Without throttling" : "With the CPU 4× slower";
    const e = r.timing[t.key];
    out.push(
      `- ${label}: Jobdeck's median is ${t.ratio.toFixed(2)}× the baseline's (${ms(e.jobdeck.table.median)} vs ${ms(e.baseline.table.median)} ms). Target ≤ ${TARGETS.time_ratio}×: ${yes(t.ok)}` +
        (t.ok ? "." : `, by ${ms(t.over)} ms (the limit is ${ms(t.limit)} ms).`) +
        (e.paired_ratio ? ` Cross-check: the median of the ${e.jobdeck.table.n} back-to-back pairs' own ratios is ${e.paired_ratio.toFixed(2)}×.` : ""),
    );
  }
  for (const k of ["x1", "x4"]) {
    const J = r.timing[k].jobdeck;
    const B = r.timing[k].baseline;
    const gap = J.table.median - B.table.median;
    const before = J.jobs_request.median - B.jobs_request.median;
    const after = J.table.median - J.jobs_response.median - (B.table.median - B.jobs_response.median);
    out.push(
      `- Where the ${ms(gap)} ms ${k === "x1" ? "(unthrottled)" : "(4× CPU)"} go: ${ms(before)} ms more before the jobs request leaves ` +
        `(Jobdeck: wasm downloaded at ${med(J.wasm_loaded)} ms, request sent at ${ms(J.jobs_request.median)} ms, so ${ms(J.jobs_request.median - J.wasm_loaded.median)} ms to compile, instantiate and start the app; the baseline sends it at ${ms(B.jobs_request.median)} ms), ` +
        `${ms(after)} ms more from the answer to the rows (parsing and rendering: Jobdeck ${ms(J.table.median - J.jobs_response.median)} ms, baseline ${ms(B.table.median - B.jobs_response.median)} ms); ` +
        `the request itself takes ${ms(J.jobs_response.median - J.jobs_request.median)} ms (loopback).`,
    );
  }
  const missed = v.time.filter((t) => !t.ok);
  if (missed.length) {
    const parts = missed.map((t) => {
      const J = r.timing[t.key].jobdeck;
      const B = r.timing[t.key].baseline;
      const early = J.jobs_request.median - B.jobs_request.median;
      const render = J.table.median - J.jobs_response.median - (B.table.median - B.jobs_response.median);
      return `${t.key === "x1" ? "without throttling" : "at 4× CPU"} ${ms(t.over)} ms must go, out of ${ms(early)} ms of extra start-up and ${ms(render)} ms of extra parsing and rendering`;
    });
    const T = r.timing.x4;
    const renderRatio = (T.jobdeck.table.median - T.jobdeck.jobs_response.median) / (T.baseline.table.median - T.baseline.jobs_response.median);
    out.push(
      "",
      `What it would take: ${parts.join("; ")}. ` +
        "Start-up is the wasm's download, compile and instantiation plus the app's own start (router, context, first views) before its resources fire the requests: a smaller wasm (section 1) shortens the compile; if the app's own start is a large part of it (a performance profile of a load will tell), issuing GET jobs and GET stacks at the very start of `main`, before building the view tree, would take that off the critical path. " +
        `After the answer, Jobdeck spends ${renderRatio.toFixed(1)}× the baseline's time turning JSON into rows (serde through \`serde_json::Value\`, then one component per row with its signals, closures and three buttons); a profile of that step would show what to cut. ` +
        "Starting the request from JavaScript in the loader gains nothing here, where the API answers in a few milliseconds; against the real API it would overlap the API's latency with the wasm's compile.",
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
  const load = m.snapshots[0];
  const last = m.snapshots.at(-1);
  const perFlip = (key) => (last[key] - first[key]) / (last.flips - first.flips);
  out.push(
    "",
    `Per flip, from flip 1 to flip ${last.flips}: wasm memory ${kib(perFlip("wasm_memory"))} KiB, JS heap ${kib(perFlip("used_js_heap"))} KiB, DOM nodes ${perFlip("nodes").toFixed(2)}. ` +
      `From load to flip 1 (the first navigation sets up what the router and the page keep for good): JS heap ${pct((first.used_js_heap - load.used_js_heap) / load.used_js_heap)}, wasm ${pct((first.wasm_memory - load.wasm_memory) / load.wasm_memory)}. ` +
      "Readings on page 3 (15 rows) have fewer nodes; pages 1 and 2 both have 30 rows, so flip 1 (page 2) and the last flip (page 1) compare like with like.",
  );
  if (!v.memory.ok) {
    const grows = m.snapshots.filter((s) => s.flips >= 1).every((s, i, a) => i === 0 || s.wasm_memory >= a[i - 1].wasm_memory);
    out.push(
      "",
      `**Growth found, for the app's owners** (the benchmark changes nothing in the app): ` +
        `the DOM is released (the same page has the same node and listener counts every time), but the wasm heap ${grows ? "rises at every reading, steadily" : "rises"}, ` +
        `about ${kib(perFlip("wasm_memory"))} KiB per flip, i.e. ${((perFlip("wasm_memory") * 1000) / 2 ** 20).toFixed(1)} MiB per thousand page changes in a tab kept open all day. ` +
        "Something each render of a page allocates stays reachable in Rust: e.g. the reactive owners, signals and effects of the replaced page's rows (each row creates a derived signal and closures) or the `JobsTable` effect, not disposed when the `Transition` swaps in the new page, or a per-page cache that is never emptied. " +
        "The JS heap grows more slowly; wasm-bindgen closures kept alive by the Rust side would show there. The check is rerun by this benchmark.",
    );
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
  const seen = r.requests
    .filter((t) => t.polls.length)
    .map((t) => ({ t, at: t.polls.find((p) => p >= r.action_delay_ms) }))
    .filter((x) => x.at !== undefined);
  if (r.action_delay_ms && seen.length) {
    out.push(
      "",
      `The sandbox finishes each action ${(r.action_delay_ms / 1000).toFixed(1)} s after its POST; the poll that saw it finished came ` +
        seen.map((x) => `${((x.at - r.action_delay_ms) / 1000).toFixed(2)} s later (${x.t.name})`).join(", ") +
        ". Real actions run for seconds to minutes; the growing interval keeps a 20-minute follow under 100 requests (logic/backoff.rs).",
    );
  }
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
