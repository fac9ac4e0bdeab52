//! `jobdeck-wasm-split INPUT OUT_DIR MAIN_OUT MAIN_MODULE LINK_NAME`: splits
//! cargo's linked wasm (built with `-Clink-args=--emit-relocs`) at its
//! `#[lazy]` split points with `wasm_split_cli_support`. Writes the main
//! module to MAIN_OUT (for wasm-bindgen), one `.wasm` per chunk and the link
//! module LINK_NAME into OUT_DIR, and prints a JSON object: `chunks` (the
//! chunk files written) and `prefetch` (split point -> the chunk files it
//! needs, without `.wasm`).

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out_dir, main_out, main_module, link_name] = args.as_slice() else {
        eprintln!("usage: jobdeck-wasm-split INPUT OUT_DIR MAIN_OUT MAIN_MODULE LINK_NAME");
        return ExitCode::FAILURE;
    };
    match split(input, out_dir, main_out, main_module, link_name) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("jobdeck-wasm-split: {problem}");
            ExitCode::FAILURE
        }
    }
}

fn split(
    input: &str,
    out_dir: &str,
    main_out: &str,
    main_module: &str,
    link_name: &str,
) -> Result<serde_json::Value, String> {
    let wasm = std::fs::read(input).map_err(|e| format!("cannot read {input}: {e}"))?;
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = Path::new(out_dir);
    options.main_out_path = Path::new(main_out);
    options.main_module = main_module;
    options.link_name = link_name;
    let split = wasm_split_cli_support::transform(options).map_err(|e| format!("{e:#}"))?;
    let chunks: Vec<String> = split
        .split_modules
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    Ok(serde_json::json!({ "chunks": chunks, "prefetch": split.prefetch_map }))
}
