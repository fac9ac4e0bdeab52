// What the app's wasm heap keeps from one page flip to the next, from the
// linear-memory dumps `BENCH_MEMORY_DUMPS=1 cargo xtask bench` writes
// (target/bench/wasm-memory-<flips>.bin):
//
//   node bench/wasm-heap.mjs 100 150 200
//
// Walks Rust's allocator (dlmalloc: each chunk's size and in-use bit sit in
// the word before its payload, from the heap's start, the module's initial
// memory) in the three dumps and lists the chunks allocated between the
// first two readings that are still there, unchanged, at the third: what
// flips keep for good. Then the chunks outside that set that point into it
// (the long-lived owners), each word shown as a number or, when it points
// at a vtable, the type its drop function names. Names come from a copy of
// the release wasm that keeps them (target/bench/named/, made here with the
// set-up's wasm-bindgen and wasm-opt, checked to have the very same code).
// Readings on the same page compare like with like (flips 4, 100, 200, 800
// are page 1 in the benchmark's back-and-forth).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { leb } from "./wasm-crates.mjs";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const BENCH = join(ROOT, "target/bench");
const DIST = join(BENCH, "dist");

/** The sections of a wasm file that matter here: function bodies' sizes,
 * the number of imported functions, the function table, the names, the
 * initial memory. */
export function readWasm(path) {
  const bytes = readFileSync(path);
  const out = { imports: 0, bodies: [], table: new Map(), names: new Map(), initialMemory: 0 };
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at++];
    const [size, body] = leb(bytes, at);
    const end = body + size;
    if (id === 2) {
      let [n, p] = leb(bytes, body);
      for (let i = 0; i < n; i++) {
        for (let s = 0; s < 2; s++) {
          const [len, q] = leb(bytes, p);
          p = q + len;
        }
        const kind = bytes[p++];
        if (kind === 0) {
          out.imports++;
          p = leb(bytes, p)[1];
        } else if (kind === 1) {
          p++;
          const flags = bytes[p++];
          p = leb(bytes, p)[1];
          if (flags & 1) p = leb(bytes, p)[1];
        } else if (kind === 2) {
          const flags = bytes[p++];
          p = leb(bytes, p)[1];
          if (flags & 1) p = leb(bytes, p)[1];
        } else p += 2;
      }
    } else if (id === 5) {
      out.initialMemory = leb(bytes, body + 2)[0] * 65536;
    } else if (id === 9) {
      // Active segments of function indices at a constant offset (flags 0).
      let [n, p] = leb(bytes, body);
      for (let s = 0; s < n; s++) {
        const [flags, q] = leb(bytes, p);
        if (flags !== 0 || bytes[q] !== 0x41) break;
        let [offset, r] = leb(bytes, q + 1);
        r++; // end
        const [count, c] = leb(bytes, r);
        p = c;
        for (let i = 0; i < count; i++) {
          const [f, next] = leb(bytes, p);
          out.table.set(offset + i, f);
          p = next;
        }
      }
    } else if (id === 10) {
      let [n, p] = leb(bytes, body);
      for (let i = 0; i < n; i++) {
        const [len, q] = leb(bytes, p);
        out.bodies.push(len);
        p = q + len;
      }
    } else if (id === 0) {
      const [len, q] = leb(bytes, body);
      if (bytes.subarray(q, q + len).toString() === "name") {
        for (let p = q + len; p < end; ) {
          const sub = bytes[p++];
          const [subSize, s] = leb(bytes, p);
          if (sub === 1) {
            let [n, r] = leb(bytes, s);
            for (let i = 0; i < n; i++) {
              const [index, a] = leb(bytes, r);
              const [l, b] = leb(bytes, a);
              out.names.set(index, bytes.subarray(b, b + l).toString());
              r = b + l;
            }
          }
          p = s + subSize;
        }
      }
    }
    at = end;
  }
  return out;
}

/** The release wasm's function names, if a copy with names can be made
 * that has exactly its code. */
function functionNames(dist) {
  const named = join(BENCH, "named/jobdeck_bg.wasm");
  const source = join(BENCH, "jobdeck-named.wasm");
  const stale = !existsSync(named) || (existsSync(source) && statSync(source).mtimeMs > statSync(named).mtimeMs);
  if (stale && existsSync(source)) {
    mkdirSync(join(BENCH, "named"), { recursive: true });
    execFileSync("wasm-bindgen", ["--target", "web", "--keep-debug", "--out-dir", join(BENCH, "named/raw"), "--out-name", "jobdeck", source]);
    execFileSync(join(ROOT, "node_modules/.bin/wasm-opt"), ["-Oz", "-g", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", join(BENCH, "named/raw/jobdeck_bg.wasm"), "-o", named]);
  }
  if (!existsSync(named)) return new Map();
  const copy = readWasm(named);
  const same = copy.bodies.length === dist.bodies.length && copy.bodies.every((b, i) => b === dist.bodies[i]);
  if (!same) {
    console.error("wasm-heap: the named copy's code differs from the release wasm's; types are left unnamed");
    return new Map();
  }
  return copy.names;
}

function walk(path, base) {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const chunks = [];
  let at = base;
  while (at + 8 <= bytes.length) {
    const head = view.getUint32(at + 4, true);
    const size = head & ~7;
    if (size < 16 || at + size > bytes.length) break;
    if (head & 2) chunks.push({ at, size, key: `${at}:${Buffer.from(bytes.subarray(at + 8, at + size)).toString("hex")}` });
    at += size;
  }
  if (bytes.length - at > 64) throw new Error(`${path}: the heap walk stopped at ${at}, not at the end of memory (${bytes.length})`);
  return { bytes, view, chunks };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2).map(Number));

function main([a, b, c]) {
  if (![a, b, c].every(Number.isFinite)) {
    console.error("usage: node bench/wasm-heap.mjs <flips> <flips> <flips>   (e.g. 100 150 200)");
    process.exit(2);
  }
  const wasmFile = readdirSync(DIST).find((f) => f.endsWith("_bg.wasm"));
  const dist = readWasm(join(DIST, wasmFile));
  const names = functionNames(dist);
  const dump = (n) => walk(join(BENCH, `wasm-memory-${n}.bin`), dist.initialMemory);
  const [A, B, C] = [dump(a), dump(b), dump(c)];
  const inA = new Set(A.chunks.map((x) => x.key));
  const inB = new Set(B.chunks.map((x) => x.key));
  const kept = C.chunks.filter((x) => inB.has(x.key) && !inA.has(x.key));
  const used = (d) => d.chunks.reduce((s, x) => s + x.size, 0);
  console.log(`in use: ${used(A)} B at flip ${a}, ${used(B)} at ${b}, ${used(C)} at ${c}`);
  console.log(`allocated between flips ${a} and ${b}, unchanged at ${c}: ${kept.length} chunks, ${kept.reduce((s, x) => s + x.size, 0)} B (${((kept.reduce((s, x) => s + x.size, 0)) / (b - a)).toFixed(1)} B per flip)`);
  const bySize = new Map();
  for (const x of kept) bySize.set(x.size, (bySize.get(x.size) ?? 0) + 1);
  console.log("by chunk size:", [...bySize].sort((p, q) => q[0] * q[1] - p[0] * p[1]).map(([s, n]) => `${n}×${s}`).join(", ") || "none");

  // A word that points at a vtable: its first entry is a table index whose
  // function is the type's drop_in_place.
  const dataEnd = dist.initialMemory;
  const typeAt = (address) => {
    if (address < 1024 || address + 4 > dataEnd) return null;
    const f = dist.table.get(C.view.getUint32(address, true));
    const name = f === undefined ? null : names.get(f);
    return name ? name.replace(/::h[0-9a-f]{16}$/, "").replace(/^core::ptr::drop_in_place</, "drop<") : null;
  };
  const show = (x) => {
    const words = [];
    for (let o = 8; o < Math.min(x.size, 160); o += 4) {
      const w = C.view.getUint32(x.at + o, true);
      const type = typeAt(w);
      words.push(type ? `${w.toString(16)}{${type.slice(0, 100)}}` : w.toString(16));
    }
    return `@${x.at.toString(16)} [${x.size} B] ${words.join(" ")}`;
  };
  const keptAt = new Set(kept.map((x) => x.at));
  const sorted = [...C.chunks].sort((p, q) => p.at - q.at);
  const chunkOf = (address) => {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const m = (lo + hi) >> 1;
      if (address < sorted[m].at) hi = m - 1;
      else if (address >= sorted[m].at + sorted[m].size) lo = m + 1;
      else return sorted[m];
    }
    return null;
  };
  const owners = new Map();
  const targets = new Set(kept.map((x) => x.at + 8));
  for (let at = 0; at + 4 <= C.bytes.length; at += 4) {
    const w = C.view.getUint32(at, true);
    if (!targets.has(w)) continue;
    const owner = chunkOf(at);
    if (owner && keptAt.has(owner.at)) continue;
    const key = owner ? owner.at : `static ${at.toString(16)}`;
    const entry = owners.get(key) ?? { owner, count: 0 };
    entry.count++;
    owners.set(key, entry);
  }
  console.log(`\nkept chunks' owners outside the kept set (most pointers first):`);
  for (const { owner, count } of [...owners.values()].sort((p, q) => q.count - p.count).slice(0, 12)) {
    console.log(`${count} pointer(s) from ${owner ? show(owner) : "static data or the stack"}`);
  }
  console.log("\nsome kept chunks:");
  for (const size of [...bySize.keys()].slice(0, 6)) console.log(show(kept.find((x) => x.size === size)));
}
