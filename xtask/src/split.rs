//! The split release build: the code of the functions marked `#[lazy]`
//! (behind `--cfg jobdeck_split`, so every other build calls them directly)
//! leaves the main wasm for chunks of their own, fetched when first called.
//!
//! Trunk builds the release as usual, with [`RUSTFLAGS`] added: the split
//! points compiled in, and the link's relocations kept so that the splitter
//! can move code. Trunk's post-build hook (`deploy/post-build.mjs`) then runs
//! `xtask split-staging DIR` ([`staging`]) before its own jobs. It takes
//! cargo's linked wasm (not trunk's output, which has lost the relocations):
//!
//! 1. splits it with `jobdeck-wasm-split` (xtask/wasm-split, over
//!    `wasm_split_cli_support`, the splitter of cargo-leptos): the main
//!    module, one chunk per split point (and one per group of split points
//!    that share code), and a small JS link module that fetches a chunk and
//!    instantiates it against the main module's memory and table;
//! 2. runs wasm-bindgen on the main module, keeping the linker's exports the
//!    chunks import (`--keep-lld-exports`);
//! 3. runs `wasm-opt -Oz` (as trunk does) on the main module and each chunk;
//! 4. puts them in trunk's staging folder in place of trunk's own wasm and
//!    glue, under content-hashed names, fixes index.html (names, integrity,
//!    a modulepreload of the link module: the main glue imports it) and writes
//!    [`MANIFEST`]: each split point and the chunk files it needs.
//!
//! The hook then moves trunk's loader to a hashed file, adds the CSP and
//! writes the .gz/.br copies of every file, chunks included.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256, Sha384};

use crate::project::{cargo_target_dir, command, run_step};

/// rustc flags of the split build's wasm, added to the release's own.
pub const RUSTFLAGS: &str = "--cfg jobdeck_split -Clink-args=--emit-relocs";
/// Written into the build's folder: split point -> the chunk files it needs.
pub const MANIFEST: &str = "split-manifest.json";
/// The splitter's package (and binary) name.
const TOOL: &str = "jobdeck-wasm-split";
/// The hook's settings, passed through trunk's environment.
const ENV_XTASK: &str = "JOBDECK_SPLIT_XTASK";
const ENV_WASM: &str = "JOBDECK_SPLIT_WASM";
const ENV_TOOL: &str = "JOBDECK_SPLIT_TOOL";
/// Names the splitter writes into the JS, replaced by the hashed ones.
const MAIN_PLACEHOLDER: &str = "./__jobdeck_main.js";
const LINK_PLACEHOLDER: &str = "./__wasm_split.js";

/// Builds the splitter (a host tool, a package of its own so that xtask
/// itself stays small) and returns its path.
pub fn build_tool() -> Result<PathBuf, String> {
    run_step(command("cargo").args(["build", "--quiet", "--package", TOOL]))?;
    let tool = cargo_target_dir().join("debug").join(TOOL);
    if tool.is_file() {
        Ok(tool)
    } else {
        Err(format!("no splitter at {}", tool.display()))
    }
}

/// The environment that makes trunk's post-build hook split `wasm` (cargo's
/// output of this build) with `tool`.
pub fn hook_env(tool: &Path, wasm: &Path) -> Result<Vec<(&'static str, OsString)>, String> {
    let xtask =
        std::env::current_exe().map_err(|e| format!("cannot find xtask's own binary: {e}"))?;
    Ok(vec![
        (ENV_XTASK, xtask.into()),
        (ENV_WASM, wasm.into()),
        (ENV_TOOL, tool.into()),
    ])
}

/// `xtask split-staging DIR`: trunk's staging folder `DIR`, split (see the
/// module's documentation). Run by the post-build hook.
pub fn staging(dir: &Path) -> Result<(), String> {
    let setting = |name: &str| {
        std::env::var_os(name).map(PathBuf::from).ok_or_else(|| {
            format!("{name} is not set (run by the post-build hook of a split build)")
        })
    };
    let wasm = setting(ENV_WASM)?;
    let tool = setting(ENV_TOOL)?;
    let work = wasm.with_file_name("split");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("opt")).map_err(|e| io(&work, e))?;

    // 1. Split.
    let main = work.join("main.wasm");
    let out = command(&tool.to_string_lossy())
        .arg(&wasm)
        .arg(&work)
        .arg(&main)
        .args([MAIN_PLACEHOLDER, LINK_PLACEHOLDER])
        .output()
        .map_err(|e| format!("could not start {}: {e}", tool.display()))?;
    if !out.status.success() {
        return Err(format!(
            "the splitter failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("unreadable splitter report: {e}"))?;

    // 2. wasm-bindgen on the main module only: the chunks import nothing
    // from JS, only the main module's memory, table and stack pointer.
    let bindgen = work.join("bindgen");
    run_step(
        command("wasm-bindgen")
            .args([
                "--target=web",
                "--keep-lld-exports",
                "--no-demangle",
                "--no-typescript",
                "--out-name=main",
            ])
            .arg(format!("--out-dir={}", bindgen.display()))
            .arg(&main),
    )?;
    if bindgen.join("snippets").exists() {
        return Err("wasm-bindgen wrote snippets, which the split build does not copy".into());
    }

    // 3. wasm-opt each module, as trunk does its one.
    let main_wasm = work.join("opt/main_bg.wasm");
    wasm_opt(&bindgen.join("main_bg.wasm"), &main_wasm)?;
    let mut link = read_text(&work.join(LINK_PLACEHOLDER))?;
    let mut chunk_names = Vec::new();
    for chunk in report["chunks"].as_array().into_iter().flatten() {
        let chunk = PathBuf::from(chunk.as_str().unwrap_or_default());
        let stem = chunk
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .ok_or_else(|| format!("odd chunk path {}", chunk.display()))?;
        let optimised = work.join("opt").join(format!("{stem}.wasm"));
        wasm_opt(&chunk, &optimised)?;
        let bytes = std::fs::read(&optimised).map_err(|e| io(&optimised, e))?;
        let name = format!(
            "{}-{}.wasm",
            chunk_label(&stem),
            hex16(&Sha256::digest(&bytes))
        );
        link = replace_once(
            &link,
            &format!("\"./{stem}.wasm\""),
            &format!("\"./{name}\""),
        )?;
        write(&dir.join(&name), &bytes)?;
        chunk_names.push((stem, name));
    }

    // 4. One hash for the main glue, wasm and link module together: the glue
    // imports the link module and the link module imports the glue, so
    // neither name can be a hash of its own content.
    let glue = read_text(&bindgen.join("main.js"))?;
    let main_bytes = std::fs::read(&main_wasm).map_err(|e| io(&main_wasm, e))?;
    let group = hex16(
        &Sha256::new()
            .chain_update(glue.as_bytes())
            .chain_update(&main_bytes)
            .chain_update(link.as_bytes())
            .finalize(),
    );
    let (old_glue, old_wasm, stem) = trunk_output(dir)?;
    let glue_name = format!("{stem}-{group}.js");
    let wasm_name = format!("{stem}-{group}_bg.wasm");
    let link_name = format!("split-{group}.js");
    // wasm-bindgen imports the link module once per split point (the same
    // module each time).
    let glue = replace_all(
        &glue,
        &format!("from \"{LINK_PLACEHOLDER}\""),
        &format!("from \"./{link_name}\""),
    )?;
    let link = replace_once(
        &link,
        &format!("from \"{MAIN_PLACEHOLDER}\""),
        &format!("from \"./{glue_name}\""),
    )?;
    for old in [&old_glue, &old_wasm] {
        std::fs::remove_file(dir.join(old)).map_err(|e| io(&dir.join(old), e))?;
    }
    write(&dir.join(&glue_name), glue.as_bytes())?;
    write(&dir.join(&wasm_name), &main_bytes)?;
    write(&dir.join(&link_name), link.as_bytes())?;

    let index_path = dir.join("index.html");
    let html = read_text(&index_path)?
        .replace(&old_glue, &glue_name)
        .replace(&old_wasm, &wasm_name);
    let html = set_integrity(&html, &glue_name, &integrity(glue.as_bytes()))?;
    let html = set_integrity(&html, &wasm_name, &integrity(&main_bytes))?;
    let html = add_modulepreload(&html, &glue_name, &link_name, &integrity(link.as_bytes()))?;
    write(&index_path, html.as_bytes())?;

    let mut splits = serde_json::Map::new();
    for (point, stems) in report["prefetch"].as_object().into_iter().flatten() {
        let files: Vec<&str> = stems
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| {
                let s = s.as_str()?;
                chunk_names
                    .iter()
                    .find(|(stem, _)| stem == s)
                    .map(|(_, name)| name.as_str())
            })
            .collect();
        splits.insert(point.clone(), files.into());
    }
    let manifest = serde_json::json!({
        "main": [glue_name, wasm_name, link_name],
        "splits": splits,
    });
    write(
        &dir.join(MANIFEST),
        serde_json::to_string_pretty(&manifest)
            .unwrap_or_default()
            .as_bytes(),
    )?;
    println!(
        "split: {wasm_name} ({} B) and {} chunk(s): {}",
        main_bytes.len(),
        chunk_names.len(),
        chunk_names
            .iter()
            .map(|(_, name)| name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

fn wasm_opt(input: &Path, output: &Path) -> Result<(), String> {
    run_step(
        command("wasm-opt")
            .arg("-Oz")
            .arg(input)
            .arg("-o")
            .arg(output),
    )
}

/// trunk's glue and wasm in the staging folder, and their stem (`jobdeck`).
fn trunk_output(dir: &Path) -> Result<(String, String, String), String> {
    let wasm: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| io(dir, e))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with("_bg.wasm"))
        .collect();
    let [wasm] = wasm.as_slice() else {
        return Err(format!(
            "expected one *_bg.wasm of trunk's in {}, found {wasm:?}",
            dir.display()
        ));
    };
    let glue = format!("{}.js", wasm.trim_end_matches("_bg.wasm"));
    let stem = glue
        .rsplit_once('-')
        .map(|(stem, _)| stem.to_string())
        .ok_or_else(|| format!("trunk's wasm {wasm} has no hash in its name"))?;
    if !dir.join(&glue).is_file() {
        return Err(format!("trunk's glue {glue} is missing"));
    }
    Ok((glue, wasm.clone(), stem))
}

/// `split_history_view_1234` -> `history_view`; `chunk_2` stays.
fn chunk_label(stem: &str) -> &str {
    let name = stem.strip_prefix("split_").unwrap_or(stem);
    match name.rsplit_once('_') {
        Some((label, digits))
            if stem.starts_with("split_")
                && !label.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit()) =>
        {
            label
        }
        _ => name,
    }
}

/// The `integrity` of each `<link>` naming `/file` becomes `value`; a link
/// without one (trunk's `data-integrity="none"`) is left as it is.
fn set_integrity(html: &str, file: &str, value: &str) -> Result<String, String> {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut found = false;
    while let Some(start) = rest.find("<link") {
        let end = start
            + rest[start..]
                .find('>')
                .ok_or("an unclosed <link in index.html")?
            + 1;
        let tag = &rest[start..end];
        out.push_str(&rest[..start]);
        if tag.contains(&format!("/{file}\"")) {
            found = true;
            out.push_str(&with_integrity(tag, value));
        } else {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    if found {
        Ok(out)
    } else {
        Err(format!("index.html has no <link> to {file}"))
    }
}

fn with_integrity(tag: &str, value: &str) -> String {
    match tag.find("integrity=\"") {
        Some(at) => {
            let from = at + "integrity=\"".len();
            let to = from + tag[from..].find('"').unwrap_or(0);
            format!("{}{value}{}", &tag[..from], &tag[to..])
        }
        None => tag.to_string(),
    }
}

/// A modulepreload of `link` right after the one of the main glue: the glue
/// imports it, and without it the browser would learn of it only once the
/// glue had arrived.
fn add_modulepreload(html: &str, glue: &str, link: &str, value: &str) -> Result<String, String> {
    let at = html
        .find(&format!("/{glue}\""))
        .ok_or_else(|| format!("index.html does not name {glue}"))?;
    let start = html[..at]
        .rfind("<link")
        .ok_or("no <link> around the glue")?;
    let end = at
        + html[at..]
            .find('>')
            .ok_or("an unclosed <link in index.html")?
        + 1;
    let tag = &html[start..end];
    if !tag.contains("rel=\"modulepreload\"") {
        return Err(format!("the link to {glue} is not a modulepreload: {tag}"));
    }
    let copy = with_integrity(&tag.replace(glue, link), value);
    Ok(format!("{}\n    {copy}{}", &html[..end], &html[end..]))
}

fn replace_all(text: &str, from: &str, to: &str) -> Result<String, String> {
    if text.contains(from) {
        Ok(text.replace(from, to))
    } else {
        Err(format!("expected `{from}` in the split JS"))
    }
}

fn replace_once(text: &str, from: &str, to: &str) -> Result<String, String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => Err(format!(
            "expected `{from}` once in the split JS, found it {n} times"
        )),
    }
}

/// The first 16 hex digits of a digest, as trunk names its files.
fn hex16(digest: &[u8]) -> String {
    digest[..8].iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A Subresource Integrity value, as trunk writes them.
fn integrity(bytes: &[u8]) -> String {
    format!("sha384-{}", base64(&Sha384::digest(bytes)))
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for group in bytes.chunks(3) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= group.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| io(path, e))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| io(path, e))
}

fn io(path: &Path, e: std::io::Error) -> String {
    format!("{}: {e}", path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads_like_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn chunk_labels_drop_the_prefix_and_the_call_site_number() {
        assert_eq!(
            chunk_label("split_history_view_11674297537449773894"),
            "history_view"
        );
        assert_eq!(chunk_label("split_history"), "history");
        assert_eq!(chunk_label("chunk_2"), "chunk_2");
    }

    #[test]
    fn integrity_and_modulepreload_follow_the_renamed_glue() {
        let html = "<head>\n    <link rel=\"modulepreload\" href=\"/app-1.js\" crossorigin=\"anonymous\" integrity=\"sha384-old\">\n    <link rel=\"preload\" href=\"/app-1_bg.wasm\" integrity=\"sha384-old\" as=\"fetch\">\n</head>";
        let html = set_integrity(html, "app-1.js", "sha384-new").unwrap();
        let html = add_modulepreload(&html, "app-1.js", "split-1.js", "sha384-link").unwrap();
        assert_eq!(
            html,
            "<head>\n    <link rel=\"modulepreload\" href=\"/app-1.js\" crossorigin=\"anonymous\" integrity=\"sha384-new\">\n    <link rel=\"modulepreload\" href=\"/split-1.js\" crossorigin=\"anonymous\" integrity=\"sha384-link\">\n    <link rel=\"preload\" href=\"/app-1_bg.wasm\" integrity=\"sha384-old\" as=\"fetch\">\n</head>"
        );
        assert!(set_integrity(&html, "other.js", "x").is_err());
    }
}
