//! `cargo xtask split-sizes`: builds the release twice in one run, in one
//! wasm and split into chunks (split.rs), into `target/split-sizes/`, and
//! prints what each serves: the first load's wasm and JS (the main module,
//! its glue and the link module against the one wasm and its glue) and each
//! chunk, raw, gzip and brotli (the .gz/.br copies the post-build hook
//! writes, which nginx sends). `JOBDECK_LEAN=0` measures the plain builds.

use std::path::Path;

use crate::project::root;
use crate::release::{self, Kind};
use crate::split::MANIFEST;

/// One file's sizes: raw, gzip, brotli.
struct Sizes {
    raw: u64,
    gzip: u64,
    brotli: u64,
}

impl Sizes {
    fn of(dir: &Path, file: &str) -> Result<Sizes, String> {
        let len = |name: String| {
            std::fs::metadata(dir.join(&name))
                .map(|m| m.len())
                .map_err(|e| format!("{name}: {e}"))
        };
        Ok(Sizes {
            raw: len(file.to_string())?,
            gzip: len(format!("{file}.gz"))?,
            brotli: len(format!("{file}.br"))?,
        })
    }

    fn add(&mut self, other: &Sizes) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli += other.brotli;
    }
}

/// `cargo xtask split-sizes`.
pub fn run() -> Result<(), String> {
    let work = root().join("target/split-sizes");
    let one_dir = work.join("one");
    let split_dir = work.join("split");
    let one = release::build_page(&root().join("index.html"), &one_dir, "/")?;
    let split = release::build(&split_dir)?;
    if !split.split {
        return Err("the split build failed (see above): nothing to compare".into());
    }

    let one_files = wasm_and_glue(&one_dir)?;
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(split_dir.join(MANIFEST))
            .map_err(|e| format!("{MANIFEST}: {e}"))?,
    )
    .map_err(|e| format!("{MANIFEST}: {e}"))?;
    let names = |value: &serde_json::Value| -> Vec<String> {
        value
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    };

    println!(
        "\nsplit-sizes: bytes as served (gzip -9 and brotli 11 copies of the post-build hook)\n"
    );
    println!("{:<52} {:>9} {:>9} {:>9}", "file", "raw", "gzip", "brotli");
    let one_total = table(&one_dir, &label(one, "one wasm"), &one_files)?;
    let main_total = table(
        &split_dir,
        &label(split, "split, first load"),
        &names(&manifest["main"]),
    )?;
    let mut chunk_files: Vec<String> = Vec::new();
    for (point, files) in manifest["splits"].as_object().into_iter().flatten() {
        let files = names(files);
        table(&split_dir, &format!("split point `{point}`"), &files)?;
        chunk_files.extend(files);
    }
    // A chunk shared by several split points is fetched once.
    chunk_files.sort();
    chunk_files.dedup();
    let mut chunks_total = Sizes {
        raw: 0,
        gzip: 0,
        brotli: 0,
    };
    for file in &chunk_files {
        chunks_total.add(&Sizes::of(&split_dir, file)?);
    }
    let one_wasm = Sizes::of(&one_dir, &one_files[0])?;
    let main_wasm = Sizes::of(&split_dir, &names(&manifest["main"])[1])?;
    println!();
    println!(
        "wasm alone, gzip: main module {} B vs one wasm {} B: {:+} B ({:+.1} %)",
        main_wasm.gzip,
        one_wasm.gzip,
        main_wasm.gzip as i64 - one_wasm.gzip as i64,
        percent(main_wasm.gzip, one_wasm.gzip)
    );
    println!(
        "first load (wasm + JS), gzip: {} B vs {} B: {:+} B ({:+.1} %)",
        main_total.gzip,
        one_total.gzip,
        main_total.gzip as i64 - one_total.gzip as i64,
        percent(main_total.gzip, one_total.gzip)
    );
    println!(
        "everything (first load + {} chunk files), gzip: {} B vs {} B: {:+} B",
        chunk_files.len(),
        main_total.gzip + chunks_total.gzip,
        one_total.gzip,
        (main_total.gzip + chunks_total.gzip) as i64 - one_total.gzip as i64
    );
    Ok(())
}

fn label(kind: Kind, what: &str) -> String {
    format!("{what} ({})", kind.label())
}

/// Prints the files of one group and their total; returns the total.
fn table(dir: &Path, heading: &str, files: &[String]) -> Result<Sizes, String> {
    println!("{heading}");
    let mut total = Sizes {
        raw: 0,
        gzip: 0,
        brotli: 0,
    };
    for file in files {
        let sizes = Sizes::of(dir, file)?;
        println!(
            "  {:<50} {:>9} {:>9} {:>9}",
            file, sizes.raw, sizes.gzip, sizes.brotli
        );
        total.add(&sizes);
    }
    if files.len() > 1 {
        println!(
            "  {:<50} {:>9} {:>9} {:>9}",
            "total", total.raw, total.gzip, total.brotli
        );
    }
    Ok(total)
}

/// The one wasm's `*_bg.wasm` and its glue, in that order.
fn wasm_and_glue(dir: &Path) -> Result<Vec<String>, String> {
    let wasm = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|name| name.ends_with("_bg.wasm"))
        .ok_or_else(|| format!("no *_bg.wasm in {}", dir.display()))?;
    let glue = format!("{}.js", wasm.trim_end_matches("_bg.wasm"));
    Ok(vec![wasm, glue])
}

fn percent(now: u64, before: u64) -> f64 {
    (now as f64 - before as f64) * 100.0 / before as f64
}
