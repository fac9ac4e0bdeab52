// The "fleet" phase of `cargo xtask bench` (issue 28, item 6): All jobs over
// a sandbox fleet of 50 stacks of 120 jobs (57 stacks, 6,383 jobs with the
// seed's), loaded once; then typing in Search jobs, one key at a time.
//
// Each keystroke is timed in the page: from setting the field's value and
// firing its `input` event (what a key press does) to
//   - "work": the app's reaction done (its microtasks, then a task after
//     them) and the style and layout of the result forced, i.e. the main
//     thread's work for that key, to compare with a frame's 16.7 ms;
//   - "frame": the end of the next frame that shows it (a message posted
//     from a requestAnimationFrame callback is handled after that frame's
//     style, layout and paint), which adds the wait for the frame.
// Keys alternate between words that match many jobs, a stack's name and a
// word that matches none, with Backspace between them, three rounds, plus
// the same at 4× CPU throttling. Only the 30 rows of a page may be in the
// DOM. BENCH_FLEET=stacks:jobs changes the fleet (e.g. 20:60).
const TYPED = ["export-emails", "fleet 42", "zzz", "sync-invoices-0", "fleet 07 failed"];
const ROUNDS = 3;

const KEYSTROKES = async (words) => {
  const input = document.querySelector("#find-q");
  const afterWork = () => new Promise((resolve) => setTimeout(resolve, 0));
  const afterFrame = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = resolve;
        channel.port2.postMessage(null);
      }),
    );
  // Rows drawn anew per key (a row whose job stays is kept, not redrawn).
  let drawn = 0;
  const observer = new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n.nodeName === "TR") drawn++;
  });
  observer.observe(document.querySelector("main"), { childList: true, subtree: true });
  const type = async (value) => {
    drawn = 0;
    const start = performance.now();
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await afterWork();
    void document.body.offsetHeight;
    const work = performance.now() - start;
    const rows = drawn;
    await afterFrame();
    return { value, work, rows, frame: performance.now() - start };
  };
  const keys = [];
  let rowsMax = 0;
  for (const word of words) {
    for (let i = 1; i <= word.length; i++) keys.push(await type(word.slice(0, i)));
    // Backspace to empty, one key at a time.
    for (let i = word.length - 1; i >= 0; i--) keys.push(await type(word.slice(0, i)));
    rowsMax = Math.max(rowsMax, document.querySelectorAll("table[aria-label='All jobs'] tbody tr").length);
  }
  observer.disconnect();
  return { keys, rowsMax };
};

const stats = (xs) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { n: s.length, median: at(0.5), p95: at(0.95), max: s[s.length - 1] };
};

/** Where the main thread's time went over one round of keys, from a
 * Chromium trace: the top-level events' self time by name, in ms. */
async function traceRound(page, cdp) {
  const events = [];
  cdp.on("Tracing.dataCollected", (e) => events.push(...e.value));
  const done = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.start", {
    traceConfig: { includedCategories: ["devtools.timeline", "v8", "blink", "toplevel"] },
    transferMode: "ReportEvents",
  });
  await page.evaluate(KEYSTROKES, TYPED);
  await cdp.send("Tracing.end");
  await done;
  const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const mine = events.filter((e) => e.ph === "X" && main && e.pid === main.pid && e.tid === main.tid && e.dur);
  const by = {};
  for (const e of mine) by[e.name] = (by[e.name] ?? 0) + e.dur / 1000;
  return Object.fromEntries(
    Object.entries(by)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 14)
      .map(([k, v]) => [k, Math.round(v)]),
  );
}

/** Runs the phase; `tools` are run.mjs's newPage, control and log. */
export async function fleet(browser, { newPage, control, log }) {
  const [stacks, jobs] = (process.env.BENCH_FLEET ?? "50:120").split(":").map(Number);
  await control("reset");
  const world = await control("fleet", "POST", { stacks, jobs });
  log(`fleet: ${world.world.stacks} stacks, ${world.world.jobs} jobs; All jobs, then typing in Search jobs`);
  const result = { stacks: world.world.stacks, jobs: world.world.jobs, typed: TYPED, rounds: ROUNDS, runs: {} };
  for (const [label, throttle] of [["loopback", 1], ["cpu4x", 4]]) {
    const { context, page, cdp } = await newPage(browser, { throttle });
    try {
      const started = Date.now();
      await page.goto("/jobs");
      const found = page.getByRole("status").filter({ hasText: /^Showing \d+ of \d+ jobs$/ });
      await found.filter({ hasText: `Showing ${world.world.jobs} of ${world.world.jobs} jobs` }).waitFor({ timeout: 180_000 });
      await page.getByRole("progressbar", { name: "Loading stacks" }).waitFor({ state: "detached", timeout: 180_000 });
      const loadMs = Date.now() - started;
      const work = [];
      const frame = [];
      const kept = [];
      const redrawn = [];
      const slow = [];
      let rowsMax = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const run = await page.evaluate(KEYSTROKES, TYPED);
        work.push(...run.keys.map((k) => k.work));
        kept.push(...run.keys.filter((k) => k.rows === 0).map((k) => k.work));
        redrawn.push(...run.keys.filter((k) => k.rows > 0).map((k) => k.work));
        frame.push(...run.keys.map((k) => k.frame));
        slow.push(...run.keys.map((k) => ({ round, value: k.value, rows: k.rows, work: Math.round(k.work * 10) / 10 })));
        rowsMax = Math.max(rowsMax, run.rowsMax);
      }
      const slowest = slow.sort((a, b) => b.work - a.work).slice(0, 8);
      // BENCH_FLEET_TRACE=1: where one more round's time went (a diagnosis; traced runs are slower).
      const trace = process.env.BENCH_FLEET_TRACE === "1" && throttle === 1 ? await traceRound(page, cdp) : undefined;
      if (trace) log(`    traced round, main thread ms by event (inclusive): ${JSON.stringify(trace)}`);
      const rowsInDom = await page.locator("table[aria-label='All jobs'] tbody tr").count();
      result.runs[label] = {
        throttle,
        load_ms: loadMs,
        work: stats(work),
        // Keys that left the 30 rows as they were, and keys that drew rows anew.
        work_rows_kept: stats(kept),
        work_rows_drawn: stats(redrawn),
        frame: stats(frame),
        slowest,
        rows_max: rowsMax,
        rows_in_dom: rowsInDom,
      };
      const r = result.runs[label];
      log(
        `  ${label}: all loaded in ${loadMs} ms; per key, work ${r.work.median.toFixed(1)} ms median, ${r.work.max.toFixed(1)} worst ` +
          `(p95 ${r.work.p95.toFixed(1)}); to the frame ${r.frame.median.toFixed(1)} / ${r.frame.max.toFixed(1)} ms; ` +
          `${r.work.n} keys; at most ${rowsMax} rows in the DOM`,
      );
      const part = (x) => (x ? `${x.n} keys, ${x.median.toFixed(1)} ms median, ${x.max.toFixed(1)} worst` : "none");
      log(`    rows kept: ${part(r.work_rows_kept)}; rows drawn anew: ${part(r.work_rows_drawn)}`);
      log(`    slowest: ${slowest.map((k) => `"${k.value}" ${k.work} ms (${k.rows} rows drawn, round ${k.round + 1})`).join(", ")}`);
    } finally {
      await context.close();
    }
  }
  await control("reset");
  return result;
}

/** BENCHMARKS.md's section for the phase. */
export function fleetSection(r) {
  const f = r.fleet;
  if (!f) return [];
  const ms = (x) => x.toFixed(1);
  const pair = (x) => (x ? `${ms(x.median)} / ${ms(x.max)} ms (${x.n})` : "–");
  const rows = Object.entries(f.runs).map(
    ([label, x]) =>
      `| ${label === "cpu4x" ? "4× CPU throttling" : "loopback"} | ${ms(x.work.median)} ms | ${ms(x.work.p95)} ms | ${ms(x.work.max)} ms | ${pair(x.work_rows_kept)} | ${pair(x.work_rows_drawn)} | ${ms(x.frame.median)} / ${ms(x.frame.max)} ms | ${x.rows_max} | ${(x.load_ms / 1000).toFixed(1)} s |`,
  );
  return [
    "## 6. All jobs over a large fleet",
    "",
    `All jobs with ${f.stacks} stacks and ${f.jobs} jobs (a sandbox fleet of 50 stacks of 120 jobs after the seed), every stack loaded; then ${f.rounds} rounds of typing ${f.typed.map((w) => `"${w}"`).join(", ")} in Search jobs a key at a time, each word erased with Backspace a key at a time. ` +
      "Per key, in the page: *work* is from the `input` event to the app's reaction done and its layout forced (the main thread's work for the key; a frame is 16.7 ms), split between keys that kept the 30 rows on screen and keys that drew rows anew; *frame* adds the wait for the next frame to be painted. Only the 30 rows of a page are in the DOM.",
    "",
    "| | work, median | p95 | worst | rows kept: median / worst (keys) | rows drawn anew: median / worst (keys) | to the frame, median / worst | rows in the DOM at most | all loaded |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ];
}
