// Trunk post-build hook (see Trunk.toml).
// 1. Moves the inline <script type="module"> loader that trunk writes into
//    index.html out to its own content-hashed file, so the production
//    Content-Security-Policy can say `script-src 'self'`: no inline script and
//    no per-build hash to keep in sync with the server's configuration.
//    It also moves trunk's preloads ahead of the first script (see 1b).
// 2. In release builds, puts the Content-Security-Policy of
//    deploy/nginx/security-headers.conf into index.html as a
//    <meta http-equiv> too, so the app is protected on a host that sends no
//    CSP header (see cspMeta below). Not in development builds: `trunk serve`
//    adds an inline live-reload script and a websocket that it would block.
// 3. In release builds, writes .gz and .br copies of every text and wasm file
//    so the web server sends them precompressed (gzip_static, brotli_static).
// 0. Before all that, in the split release build (xtask/src/split.rs, which
//    sets JOBDECK_SPLIT_XTASK for trunk): replaces trunk's wasm and glue with
//    the split ones (main module, chunks, link module) and fixes index.html.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("post-build: TRUNK_STAGING_DIR is not set (run it as a trunk hook)");
  process.exit(1);
}

const splitter = process.env.JOBDECK_SPLIT_XTASK;
if (splitter && process.env.TRUNK_PROFILE === "release") {
  const split = spawnSync(splitter, ["split-staging", dir], { stdio: "inherit" });
  if (split.status !== 0) {
    console.error(`post-build: the split step failed (${split.error ?? `status ${split.status}`})`);
    process.exit(1);
  }
}

const indexPath = join(dir, "index.html");

// 0b. In a split build, which chunk files each split point needs, as data in
// index.html ahead of src/prefetch.js, which reads it: a deep link's chunks
// are then asked for with the main wasm, and the parts the first screen
// links to are prefetched once it is idle, without waiting for another
// request to learn the names. (JSON, not script: the CSP has nothing to run.)
{
  const manifestPath = join(dir, "split-manifest.json");
  let manifest = null;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch {
    // Not a split build: nothing to say.
  }
  if (manifest?.splits) {
    const page = readFileSync(indexPath, "utf8");
    const data = JSON.stringify(manifest.splits).replace(/</g, "\\u003c");
    const tag = `<script type="application/json" id="jobdeck-chunks">${data}</script>`;
    const first = page.indexOf("<script");
    if (first < 0) {
      console.error("post-build: no <script> in index.html to put the chunk map before");
      process.exit(1);
    }
    writeFileSync(indexPath, page.slice(0, first) + tag + "\n    " + page.slice(first));
  }
}

const html = readFileSync(indexPath, "utf8");
const inline = /<script type="module">([\s\S]*?)<\/script>/;
const match = html.match(inline);
if (match) {
  const code = match[1].trim() + "\n";
  const name = `loader-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.js`;
  const integrity = "sha384-" + createHash("sha384").update(code).digest("base64");
  writeFileSync(join(dir, name), code);
  // Under the build's public URL, as trunk's own links are (the benchmark's
  // Leptos floor is built for /floor/).
  const base = (process.env.TRUNK_PUBLIC_URL || "/").replace(/\/*$/, "/");
  const tag = `<script type="module" src="${base}${name}" integrity="${integrity}" crossorigin="anonymous"></script>`;
  writeFileSync(indexPath, html.replace(inline, tag));
} else {
  console.warn("post-build: no inline module script in index.html");
}

// 1b. Moves trunk's preloads of the wasm and its glue (written at the end of
// <head>) before the first script: src/prefetch.js is parser-blocking (its
// requests must leave first), and a preload behind it started only once it
// had run (on the benchmark's network profile, about 110 ms after the
// document; now with the document).
{
  const page = readFileSync(indexPath, "utf8");
  const preloads = page.match(/<link rel="(?:modulepreload|preload)"[^>]*>/g) ?? [];
  const firstScript = page.indexOf("<script");
  if (preloads.length && firstScript >= 0 && preloads.every((tag) => page.indexOf(tag) > firstScript)) {
    let moved = page;
    for (const tag of preloads) moved = moved.replace(tag, "");
    moved = moved.slice(0, firstScript) + preloads.join("\n    ") + "\n    " + moved.slice(firstScript);
    writeFileSync(indexPath, moved);
  } else if (!preloads.length) {
    console.warn("post-build: no preload links in index.html");
  }
}

/**
 * The policy nginx sends (one source of truth: the conf file), minus the
 * directives a <meta> policy ignores and would warn about in the console:
 * frame-ancestors, report-uri and sandbox. Those work only as headers: a host
 * that sends none cannot forbid framing from the page itself.
 */
function cspMeta() {
  const here = dirname(fileURLToPath(import.meta.url));
  const conf = readFileSync(join(here, "nginx", "security-headers.conf"), "utf8");
  const header = conf.match(/^\s*add_header\s+Content-Security-Policy\s+"([^"]+)"/m);
  if (!header) {
    console.error("post-build: no Content-Security-Policy in deploy/nginx/security-headers.conf");
    process.exit(1);
  }
  const ignoredInMeta = new Set(["frame-ancestors", "report-uri", "sandbox"]);
  const policy = header[1]
    .split(";")
    .map((directive) => directive.trim().replace(/\s+/g, " "))
    .filter((directive) => directive && !ignoredInMeta.has(directive.split(" ")[0].toLowerCase()))
    .join("; ");
  if (/["<>&]/.test(policy)) {
    console.error(`post-build: the CSP has characters an HTML attribute cannot hold as they are: ${policy}`);
    process.exit(1);
  }
  return `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
}

if (process.env.TRUNK_PROFILE === "release") {
  // Right after <meta charset>: a meta policy covers only what comes after it,
  // so it goes before every <link> and <script> trunk wrote.
  const page = readFileSync(indexPath, "utf8");
  if (/<meta[^>]+http-equiv=["']?Content-Security-Policy/i.test(page)) {
    console.warn("post-build: index.html already has a CSP <meta>; left as it is");
  } else {
    const charset = /<meta charset="utf-8"\s*\/?>/i;
    if (!charset.test(page)) {
      console.error('post-build: no <meta charset="utf-8"> in index.html to put the CSP after');
      process.exit(1);
    }
    writeFileSync(indexPath, page.replace(charset, (tag) => `${tag}\n    ${cspMeta()}`));
  }

  // Precompressed copies, index.html's with the policy in it.
  for (const file of readdirSync(dir)) {
    if (!/\.(html|js|wasm|css)$/.test(file)) continue;
    const data = readFileSync(join(dir, file));
    writeFileSync(join(dir, file + ".gz"), gzipSync(data, { level: 9 }));
    writeFileSync(
      join(dir, file + ".br"),
      brotliCompressSync(data, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }),
    );
  }
}
