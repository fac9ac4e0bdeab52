//! Rules the end-to-end specs keep, checked by `cargo test`: every spec takes
//! `test` and `expect` from `e2e/tests/fixtures.ts`, whose automatic fixture
//! fails a test on a CSP or Trusted Types violation (issue 30, item 7). A spec
//! that imported them from `@playwright/test` would run without that check,
//! and nothing else would say so.

#[cfg(test)]
mod tests {
    #[test]
    fn every_spec_runs_under_the_fixtures_that_report_violations() {
        let dir = crate::project::root().join("e2e/tests");
        let mut specs = 0;
        let mut wrong = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("e2e/tests") {
            let path = entry.expect("entry").path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !name.ends_with(".spec.ts") {
                continue;
            }
            specs += 1;
            let text = std::fs::read_to_string(&path).expect("spec");
            if text.contains("\"@playwright/test\"") || !text.contains("from \"./fixtures\"") {
                wrong.push(name);
            }
        }
        assert!(specs > 10, "read the specs in {}", dir.display());
        assert_eq!(
            wrong,
            Vec::<String>::new(),
            "import test and expect from \"./fixtures\", not \"@playwright/test\""
        );
    }
}
