// Which crates the wasm's code comes from: reads cargo's output (before
// wasm-bindgen and wasm-opt, so it still has its "name" section), sums the
// size of every function body by the crate its name starts with, and the data
// segments apart. Approximate: wasm-opt shrinks and merges code afterwards,
// and a generic function is counted in the crate that defines it, whoever
// instantiated it. Also runnable alone: `node bench/wasm-crates.mjs file.wasm`.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** An unsigned LEB128 number at `at`: its value and where it ends. */
export function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  let pos = at;
  for (;;) {
    const b = bytes[pos++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, pos];
  }
}

// The first path segment of a symbol, mangled (legacy `_ZN…` or v0 `_R…`) or not.
function demangledHead(name) {
  const legacy = /^_ZN(\d+)/.exec(name);
  if (legacy) {
    const ident = name.substr(legacy[0].length, Number(legacy[1]));
    return ident
      .replace(/^_(?=\$)/, "")
      .replace(/\$LT\$/g, "<")
      .replace(/\$GT\$/g, ">")
      .replace(/\$RF\$/g, "&")
      .replace(/\$BP\$/g, "*")
      .replace(/\$u20\$/g, " ")
      .replace(/\.\./g, "::");
  }
  if (name.startsWith("_R")) {
    const m = /C(?:s[0-9a-zA-Z]*_)?(\d+)/.exec(name);
    if (m) return name.substr(m.index + m[0].length, Number(m[1]));
  }
  return name;
}

function crateOf(mangled) {
  // A split point's function (wasm_split_helpers gives it an unmangled
  // export name, `__wasm_split_00{point}00_export_{hash}_{fn}`): the app's.
  if (mangled.startsWith("__wasm_split_")) return "jobdeck";
  const name = demangledHead(mangled);
  // `<T as some_crate::Trait>::f` with T a bare generic or local type: the trait's crate.
  const impl = /^<([^ ]+) as ([A-Za-z_][A-Za-z0-9_]*)::/.exec(name);
  if (impl && !impl[1].includes("::")) return impl[2];
  const trimmed = name.replace(/^[<&*\s]+/, "").replace(/^(dyn|mut|const) /, "");
  const m = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(trimmed);
  return m ? m[1] : "(other)";
}

export function wasmCrates(path) {
  const bytes = readFileSync(path);
  let pos = 8;
  let importedFunctions = 0;
  let bodies = [];
  let data = 0;
  const names = new Map();
  const custom = {};
  while (pos < bytes.length) {
    const id = bytes[pos];
    const [size, start] = leb(bytes, pos + 1);
    const end = start + size;
    if (id === 2) {
      let [count, p] = leb(bytes, start);
      for (let i = 0; i < count; i++) {
        let len;
        [len, p] = leb(bytes, p);
        p += len;
        [len, p] = leb(bytes, p);
        p += len;
        const kind = bytes[p++];
        if (kind === 0) {
          importedFunctions++;
          [, p] = leb(bytes, p);
        } else if (kind === 1) {
          p += 1;
          const flags = bytes[p++];
          [, p] = leb(bytes, p);
          if (flags & 1) [, p] = leb(bytes, p);
        } else if (kind === 2) {
          const flags = bytes[p++];
          [, p] = leb(bytes, p);
          if (flags & 1) [, p] = leb(bytes, p);
        } else if (kind === 3) {
          p += 2;
        } else {
          [, p] = leb(bytes, p + 1);
        }
      }
    } else if (id === 10) {
      let [count, p] = leb(bytes, start);
      for (let i = 0; i < count; i++) {
        const [len, q] = leb(bytes, p);
        bodies.push(q - p + len);
        p = q + len;
      }
    } else if (id === 11) {
      data += size;
    } else if (id === 0) {
      const [nameLen, p] = leb(bytes, start);
      const section = bytes.subarray(p, p + nameLen).toString("utf8");
      custom[section] = size;
      if (section === "name") {
        let q = p + nameLen;
        while (q < end) {
          const sub = bytes[q];
          const [subSize, r] = leb(bytes, q + 1);
          if (sub === 1) {
            let [count, s] = leb(bytes, r);
            for (let i = 0; i < count; i++) {
              let index;
              let len;
              [index, s] = leb(bytes, s);
              [len, s] = leb(bytes, s);
              names.set(index, bytes.subarray(s, s + len).toString("utf8"));
              s += len;
            }
          }
          q = r + subSize;
        }
      }
    }
    pos = end;
  }
  const byCrate = new Map();
  let code = 0;
  bodies.forEach((size, i) => {
    const name = names.get(importedFunctions + i) ?? "";
    // Type descriptors that wasm-bindgen runs at build time and removes.
    if (name.startsWith("__wbindgen_describe")) return;
    code += size;
    const crate = crateOf(name);
    byCrate.set(crate, (byCrate.get(crate) ?? 0) + size);
  });
  const crates = [...byCrate.entries()]
    .map(([crate, bytes]) => ({ crate, bytes, share: bytes / code }))
    .sort((a, b) => b.bytes - a.bytes);
  return { code, data, functions: bodies.length, named: names.size > 0, crates };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = wasmCrates(process.argv[2]);
  console.log(`code ${r.code} B in ${r.functions} functions, data ${r.data} B`);
  for (const c of r.crates.slice(0, 25)) console.log(`${String(c.bytes).padStart(8)}  ${(c.share * 100).toFixed(1).padStart(5)} %  ${c.crate}`);
}
