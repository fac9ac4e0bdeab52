// What the first screen's parts cost (issue 15): builds the app again with
// parts of the jobs page cut out, and times each build's first table against
// the plain-JavaScript baseline with the timing phase of `cargo xtask bench`
// (cold loads on loopback, with and without the CPU 4x slower). The cuts are
// made in a scratch git worktree of HEAD (target/ablate/tree), never in the
// checkout itself; every build in a round is measured against the baseline
// in its own run, and the rounds alternate their order, so drift in the
// machine's load hits every variant alike.
//
//   node bench/ablate.mjs [rounds]     (default 2; about a minute per build)
//   node bench/ablate.mjs --report     (ABLATION.md again from the last run's JSON)
//   node bench/ablate.mjs --check      (only that every cut still applies: seconds)
//
// ABLATE_WARM=1 adds second visits; ABLATE_ONLY="as built,rows and chrome"
// measures only the named variants and prints their table (ABLATION.md is
// left alone); BENCH_RUNS sets the cold loads.
//
// Writes bench/ABLATION.md and target/bench/ablation.json. A cut that no
// longer matches the source stops the run and names itself: update CUTS.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const TREE = join(ROOT, "target/ablate/tree");
const ROUNDS = Number(process.argv[2] ?? 2);
const JSON_OUT = join(ROOT, "target/bench/ablation.json");
const MARKDOWN = join(ROOT, "bench/ABLATION.md");
const RUNS = process.env.BENCH_RUNS ?? "11";
// ABLATE_WARM=1: second visits too (`cargo xtask bench`'s warm phase, about 40 s more per build).
const WARM = process.env.ABLATE_WARM === "1";
const PHASES = WARM ? "timing,warm" : "timing";
// Only these variants (comma-separated names), e.g. "as built,rows and chrome".
const ONLY = process.env.ABLATE_ONLY?.split(",");

// Each cut removes one exact piece of source text, which must occur once.
const CUTS = {
  strip: ["src/components/jobs_table.rs", "<RunStrip stack_uid=stack_uid.clone() job_uid=uid.clone() />"],
  schedule: ["src/components/jobs_table.rs", "<ScheduleText cron=job.cron.clone() plan />"],
  next: ["src/components/jobs_table.rs", "<NextRun plan paused />"],
  checkbox: ["src/components/jobs_table.rs", "{use_context::<Selection>().map(|_| view! { <SelectCell job=job.reference() /> })}"],
  buttons: [
    "src/components/jobs_table.rs",
    /<ActionButton id=format!\("run-\{uid\}"\)[\s\S]*?blocked on_click=act\(toggle\) \/>/,
  ],
  updated: ["src/components/jobs_table.rs", '<td data-label="Updated" class="num nowrap">{updated}</td>'],
  header: ["src/lib.rs", "<AppHeader />"],
  banner: ["src/lib.rs", "<ThrottleBanner />"],
  log: ["src/lib.rs", "<ActivityLog />"],
  shortcuts: ["src/lib.rs", "<KeyboardShortcuts />"],
  find: ["src/pages/jobs.rs", "<FindBar state=finding export=view! { <ExportMenu /> }.into_any() />"],
  selection: ["src/pages/jobs.rs", "<SelectionBar stack_uid=stack.clone() stack_name=name />"],
  dialogs: ["src/pages/jobs.rs", "<JobDialogsView stack_uid=stack stack_name=name />"],
};
const ROW = ["strip", "schedule", "next", "checkbox", "buttons", "updated"];
const CHROME = ["header", "banner", "log", "shortcuts", "find", "selection", "dialogs"];

// What each build leaves out, and what a person would miss.
const VARIANTS = [
  { name: "as built", cuts: [], what: "the app as it ships" },
  { name: "rows: no action buttons", cuts: ["buttons"], what: "Run now, Run with arguments, Pause/Unpause (90 buttons)" },
  { name: "rows: no schedule words, no next run", cuts: ["schedule", "next"], what: "the cron text and its words; when it runs next" },
  { name: "rows: no status strip", cuts: ["strip"], what: "the last runs' marks beside the status" },
  { name: "rows: no checkbox", cuts: ["checkbox"], what: "the row's Select checkbox" },
  { name: "rows: no Updated time", cuts: ["updated"], what: "the Updated column's `<time>`" },
  { name: "rows: all of the above", cuts: ROW, what: "rows of name, type, status and command only" },
  { name: "no chrome", cuts: CHROME, what: "header, throttle banner, Activity log, shortcuts, find bar, selection bar, dialogs" },
  { name: "rows and chrome", cuts: [...ROW, ...CHROME], what: "both: a bare table under the page's heading" },
];

const git = (...args) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();

function applyCuts(names) {
  for (const name of names) {
    const [file, text] = CUTS[name];
    const path = join(TREE, file);
    const source = readFileSync(path, "utf8");
    const hits = typeof text === "string" ? source.split(text).length - 1 : (source.match(new RegExp(text, "g")) ?? []).length;
    if (hits !== 1) throw new Error(`cut "${name}" matches ${hits} times in ${file}: update CUTS in bench/ablate.mjs`);
    writeFileSync(path, source.replace(text, ""));
  }
}

/** One build with the variant's cuts, timed: `cargo xtask bench`'s results. */
function measure(variant) {
  resetTree();
  applyCuts(variant.cuts);
  execFileSync("cargo", ["xtask", "bench"], {
    cwd: TREE,
    stdio: "inherit",
    // The main checkout's target folder: only the workspace's own crates build again.
    env: { ...process.env, BENCH_PHASES: PHASES, BENCH_RUNS: RUNS, CARGO_TARGET_DIR: join(ROOT, "target") },
  });
  return JSON.parse(readFileSync(join(TREE, "target/bench/results.json"), "utf8"));
}

const median = (xs) => {
  const s = xs.filter((x) => x != null && !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/** A run's figures: medians over its loads, and the median of the
 * back-to-back pairs' ratios (`paired_ratio`, as bench/run.mjs computes it). */
function figures(result) {
  const out = { gzip: result.sizes.total.gzip };
  for (const cpu of ["x1", "x4"]) {
    const { jobdeck: j, baseline: b, paired_ratio } = result.timing[cpu];
    const m = (k) => j[k]?.median;
    out[cpu] = {
      table: m("table"),
      baseline: b.table.median,
      ratio: paired_ratio,
      shell: m("mounted") - m("main_start"),
      rows: m("table") - Math.max(m("mounted"), m("jobs_in_hand")),
    };
  }
  if (result.warm) {
    const { jobdeck: j, baseline: b, paired_ratio } = result.warm;
    out.warm = { table: j.table.median, baseline: b.table.median, ratio: paired_ratio };
  }
  return out;
}

/** The worktree's sources back as in HEAD. */
const resetTree = () => execFileSync("git", ["checkout", "--quiet", "--", "."], { cwd: TREE });
const removeTree = () => git("worktree", "remove", "--force", TREE);

function setUp() {
  if (existsSync(TREE)) removeTree();
  mkdirSync(dirname(TREE), { recursive: true });
  // The worktree gets node_modules of its own from `cargo xtask bench`'s
  // set-up (npm's cache makes it quick). Never a link to the checkout's: npm
  // replaces a linked node_modules, and emptied the checkout's through it.
  git("worktree", "add", "--detach", TREE, "HEAD");
}

/** Each variant's cuts applied to a fresh copy of the sources: throws on a stale one. */
function checkCuts() {
  for (const v of VARIANTS) {
    resetTree();
    applyCuts(v.cuts);
  }
}

function main() {
  const dirty = git("status", "--porcelain", "--", "src", "index.html", "style").length > 0;
  if (dirty) console.warn("ablate: src/, style/ or index.html has uncommitted changes; the builds use HEAD");
  const commit = git("rev-parse", "--short", "HEAD");
  const started = Date.now();
  setUp();
  const rounds = [];
  try {
    // Every cut first, so that a stale one fails in seconds, not after an hour.
    checkCuts();
    const chosen = VARIANTS.filter((v) => !ONLY || ONLY.includes(v.name));
    if (chosen.length === 0 || !chosen.some((v) => v.name === "as built")) {
      throw new Error(`ABLATE_ONLY must name "as built" and variants of: ${VARIANTS.map((v) => v.name).join("; ")}`);
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? [...chosen].reverse() : chosen;
      const results = {};
      for (const v of order) {
        console.log(`ablate: round ${round + 1} of ${ROUNDS}, ${v.name}`);
        results[v.name] = figures(measure(v));
      }
      rounds.push(results);
    }
  } finally {
    removeTree();
  }
  const variants = VARIANTS.filter((v) => rounds[0][v.name]);
  const out = { date: new Date().toISOString(), commit, dirty, rounds: ROUNDS, runs: Number(RUNS), phases: PHASES, nproc: os.cpus().length, variants, results: rounds };
  mkdirSync(join(ROOT, "target/bench"), { recursive: true });
  out.duration_s = (Date.now() - started) / 1000;
  if (ONLY) {
    // Like a partial `cargo xtask bench`: the full table stays as it was.
    writeFileSync(JSON_OUT.replace(".json", "-partial.json"), JSON.stringify(out, null, 1));
    console.log(report(out));
    console.log("ablate: partial run (ABLATE_ONLY): bench/ABLATION.md left alone");
    return;
  }
  writeFileSync(JSON_OUT, JSON.stringify(out, null, 1));
  writeFileSync(MARKDOWN, report(out));
  console.log("ablate: bench/ABLATION.md written");
}

const fixed = (x, digits) => (Number.isFinite(x) ? x.toFixed(digits) : "–");
const signed = (x, digits) =>
  Number.isFinite(x) ? (x > 0 ? "+" : x < 0 ? "−" : "±") + Math.abs(x).toFixed(digits) : "–";

function report(out) {
  // Per variant, the median over rounds of each figure, and of its
  // difference from "as built" in the same round. The ratio to the baseline
  // loaded alternately in the same run is the steadier figure: the machine's
  // speed drifts between runs by more than most cuts move the table.
  const over = (name, f) => median(out.results.map((r) => f(r[name])));
  const delta = (name, f) => median(out.results.map((r) => f(r[name]) - f(r["as built"])));
  const warm = out.results.every((r) => r["as built"].warm);
  const lines = [
    "# What the first screen's parts cost",
    "",
    "Written by `node bench/ablate.mjs` (issue 15); every run rewrites this file. The whole benchmark is in [BENCHMARKS.md](../BENCHMARKS.md).",
    "",
    `- Date: ${out.date.replace("T", " ").slice(0, 19)} UTC; the run took ${fixed(out.duration_s / 60, 0)} min. Commit \`${out.commit}\`${out.dirty ? " (uncommitted changes in the checkout were not measured)" : ""}; ${out.nproc} cores.`,
    `- Method: each variant is the app built from that commit with the named parts of the jobs page cut out of its source (bench/ablate.mjs lists the exact cuts), as the lean release build served by nginx. \`cargo xtask bench\`'s timing phase then times ${out.runs} cold loads of its first table on loopback, alternating with ${out.runs} loads of the plain-JavaScript baseline, and the same again with the CPU 4× slower${warm ? "; then 15 second visits of each, alternating, in a browser that keeps its caches (the benchmark's warm phase)" : ""}. ${out.rounds} rounds, every other one in the reverse order. Figures are medians over the rounds; "Δ" is the difference from *as built* in the same round.`,
    "- *× baseline* is the median of the back-to-back pairs' ratios, the steadier figure: the machine's speed drifts between runs by more than most cuts move the table, and the baseline, loaded alternately, drifts with it. The target for cold loads on loopback is ≤ 1.4×.",
    "- Phases, from the app's own marks: *shell* is `main` mounting everything but the rows; *rows* is from the later of the shell and the jobs answer to the 30 rows in the DOM (BENCHMARKS.md, section 2). Table and phases in ms, medians.",
    "",
    `| variant | what is left out | first load (gzip) | × baseline, cold | Δ | table | shell | rows | × baseline, CPU 4× | Δ |${warm ? " × baseline, warm (≤ 1.2) | Δ |" : ""}`,
    `| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |${warm ? " ---: | ---: |" : ""}`,
  ];
  for (const v of out.variants) {
    const n = v.name;
    const cut = v.cuts.length > 0;
    const size = `${fixed(over(n, (r) => r.gzip / 1024), 1)} KiB${cut ? ` (${signed(delta(n, (r) => r.gzip / 1024), 1)})` : ""}`;
    const d = (f) => (cut ? signed(delta(n, f), 2) : "");
    lines.push(
      `| ${n} | ${v.what} | ${size} | ${fixed(over(n, (r) => r.x1.ratio), 2)}× | ${d((r) => r.x1.ratio)} | ${fixed(over(n, (r) => r.x1.table), 0)} | ${fixed(over(n, (r) => r.x1.shell), 0)} | ${fixed(over(n, (r) => r.x1.rows), 0)} | ${fixed(over(n, (r) => r.x4.ratio), 2)}× | ${d((r) => r.x4.ratio)} |` +
        (warm ? ` ${fixed(over(n, (r) => r.warm.ratio), 2)}× | ${d((r) => r.warm.ratio)} |` : ""),
    );
  }
  const bare = over("rows and chrome", (r) => r.x1.ratio);
  lines.push(
    "",
    `With both the rows' features and the page's chrome cut, the first table came at ${fixed(bare, 2)}× the baseline's time cold (target ≤ 1.4×). What is left then is the framework, the router, the app's state and the wasm's download, compile and start.`,
    "",
  );
  return lines.join("\n");
}

if (process.argv[2] === "--report") {
  writeFileSync(MARKDOWN, report(JSON.parse(readFileSync(JSON_OUT, "utf8"))));
} else if (process.argv[2] === "--check") {
  setUp();
  try {
    checkCuts();
  } finally {
    removeTree();
  }
  console.log(`ablate: all ${Object.keys(CUTS).length} cuts apply`);
} else {
  main();
}
