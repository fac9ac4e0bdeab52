// Trunk post-build hook (see Trunk.toml).
// 1. Moves the inline <script type="module"> loader that trunk writes into
//    index.html out to its own content-hashed file, so the production
//    Content-Security-Policy can say `script-src 'self'`: no inline script and
//    no per-build hash to keep in sync with the server's configuration.
// 2. In release builds, writes .gz and .br copies of every text and wasm file
//    so the web server sends them precompressed (gzip_static, brotli_static).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("post-build: TRUNK_STAGING_DIR is not set (run it as a trunk hook)");
  process.exit(1);
}

const indexPath = join(dir, "index.html");
const html = readFileSync(indexPath, "utf8");
const inline = /<script type="module">([\s\S]*?)<\/script>/;
const match = html.match(inline);
if (match) {
  const code = match[1].trim() + "\n";
  const name = `loader-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.js`;
  const integrity = "sha384-" + createHash("sha384").update(code).digest("base64");
  writeFileSync(join(dir, name), code);
  const tag = `<script type="module" src="/${name}" integrity="${integrity}" crossorigin="anonymous"></script>`;
  writeFileSync(indexPath, html.replace(inline, tag));
} else {
  console.warn("post-build: no inline module script in index.html");
}

if (process.env.TRUNK_PROFILE === "release") {
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
