//! The app's layer rules, checked (issue 26, item 3): which module of
//! `src/` may use which, read from every `crate::` path in the code (not in
//! comments), and no circle of imports among files. `cargo test -p xtask`
//! runs it, so `cargo xtask test` fails on an import against the rules,
//! naming the file and the rule.
//!
//! The layers, bottom to top (each may use itself and what is listed):
//!
//! | layer | may use |
//! | --- | --- |
//! | `logic` | nothing else of the app: pure logic and the domain's plain types |
//! | `api` | `logic`, `browser` |
//! | `browser`, `intl`, `panic` | `logic` (thin web-sys glue) |
//! | `routes` | `logic` |
//! | `router` | `routes`; the only module that names `leptos_router` |
//! | `state` | `api`, `logic`, `browser`, `intl`, `routes` |
//! | `components` | `state`, `api`, `logic`, `browser`, `intl`, `routes`, `router`, and `parts` through its seams |
//! | `parts` | what `components` may, and `components` |
//! | `pages` | what `parts` may, and `parts` through its seams; a page never uses another page |
//! | `lib`, `main` | everything |
//!
//! The seams: what is not on the first screen (a dialog's content, a menu)
//! lives in `parts/`, and every other file reaches it only through the
//! functions of `parts/mod.rs`, which the split release build loads on
//! demand; the pages other than the first screen's are reached only through
//! `pages/mod.rs`. Files stay small enough to read: a page file under
//! [`PAGE_LINES`] lines, a component under [`COMPONENT_LINES`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The modules each layer may use besides itself.
const RULES: &[(&str, &[&str])] = &[
    ("logic", &[]),
    ("api", &["logic", "browser"]),
    ("browser", &["logic"]),
    ("intl", &["logic"]),
    ("panic", &["logic"]),
    ("routes", &["logic"]),
    ("router", &["routes"]),
    ("state", &["api", "logic", "browser", "intl", "routes"]),
    (
        "components",
        &[
            "state", "api", "logic", "browser", "intl", "routes", "router", "parts",
        ],
    ),
    (
        "parts",
        &[
            "components",
            "state",
            "api",
            "logic",
            "browser",
            "intl",
            "routes",
            "router",
        ],
    ),
    (
        "pages",
        &[
            "parts",
            "components",
            "state",
            "api",
            "logic",
            "browser",
            "intl",
            "routes",
            "router",
        ],
    ),
];

/// The most lines a file of `pages/` has.
pub const PAGE_LINES: usize = 200;

/// The most lines a `#[component]` function has.
pub const COMPONENT_LINES: usize = 80;

/// Files that may use any layer.
const TOP: &[&str] = &["lib", "main"];

/// One rule broken, in words.
#[derive(Debug, PartialEq, Eq)]
pub struct Breach {
    /// The file, relative to `src/`.
    pub file: String,
    /// What it did and which rule says no.
    pub rule: String,
}

/// The source of every `.rs` file under `src`, by path relative to it.
pub fn read_sources(src: &Path) -> Result<BTreeMap<String, String>, String> {
    let mut files = BTreeMap::new();
    let mut folders = vec![src.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries =
            std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        for entry in entries {
            let path: PathBuf = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let relative = path.strip_prefix(src).map_err(|e| e.to_string())?;
                files.insert(relative.to_string_lossy().replace('\\', "/"), text);
            }
        }
    }
    Ok(files)
}

/// Every rule the sources break: layers, the router crate, pages using
/// pages, and circles of imports among files.
pub fn check(files: &BTreeMap<String, String>) -> Vec<Breach> {
    let mut breaches = Vec::new();
    let mut graph: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (file, text) in files {
        let code = without_tests(&without_comments(text));
        let layer = layer_of(file);
        if code.contains("leptos_router") && layer != "router" {
            breaches.push(Breach {
                file: file.clone(),
                rule: "names leptos_router: only router.rs may".into(),
            });
        }
        let mut uses = Vec::new();
        for path in crate_paths(&code) {
            let used = path[0].as_str();
            if let Some(rule) = forbidden(file, layer, used, &path) {
                breaches.push(Breach {
                    file: file.clone(),
                    rule,
                });
            }
            if let Some(target) = resolve(files, &path) {
                if target.starts_with("parts/") && target != "parts/mod.rs" && layer != "parts" {
                    breaches.push(Breach {
                        file: file.clone(),
                        rule: format!(
                            "uses {target}: outside parts/, a part is reached only through \
                             the seams of parts/mod.rs"
                        ),
                    });
                }
                if target != *file {
                    uses.push(target);
                }
            }
        }
        for path in super_paths(file, &code)
            .into_iter()
            .chain(child_paths(file, &code))
        {
            if let Some(target) = resolve(files, &path) {
                if target != *file {
                    uses.push(target);
                }
            }
        }
        uses.sort();
        uses.dedup();
        graph.insert(file.clone(), uses);
    }
    for circle in circles(&graph) {
        breaches.push(Breach {
            file: circle[0].clone(),
            rule: format!("is in a circle of imports: {}", circle.join(" → ")),
        });
    }
    breaches
}

/// Files too long to read at once: a page file over [`PAGE_LINES`] lines,
/// a component over [`COMPONENT_LINES`].
pub fn too_long(files: &BTreeMap<String, String>) -> Vec<Breach> {
    let mut breaches = Vec::new();
    for (file, text) in files {
        let lines = text.lines().count();
        if file.starts_with("pages/") && lines > PAGE_LINES {
            breaches.push(Breach {
                file: file.clone(),
                rule: format!("has {lines} lines: a page file has at most {PAGE_LINES}"),
            });
        }
        let mut component: Option<(String, usize)> = None;
        let mut marked = false;
        for (n, line) in text.lines().enumerate() {
            if line.starts_with("#[component]") {
                marked = true;
            } else if marked && (line.starts_with("pub fn ") || line.starts_with("fn ")) {
                let name = line.trim_start_matches("pub ").trim_start_matches("fn ");
                let name = name.split(['(', '<']).next().unwrap_or(name);
                component = Some((name.to_string(), n));
                marked = false;
            } else if line == "}" {
                if let Some((name, start)) = component.take() {
                    let length = n - start + 1;
                    if length > COMPONENT_LINES {
                        breaches.push(Breach {
                            file: file.clone(),
                            rule: format!(
                                "component {name} has {length} lines: a component has at most \
                                 {COMPONENT_LINES}"
                            ),
                        });
                    }
                }
            }
        }
    }
    breaches
}

/// Why `file` (in `layer`) may not use the module `used`, if it may not.
fn forbidden(file: &str, layer: &str, used: &str, path: &[String]) -> Option<String> {
    if TOP.contains(&layer) || used == layer {
        if layer == "pages" && used == "pages" && file != "pages/mod.rs" {
            let other = path.get(1)?;
            let own = file.trim_start_matches("pages/").trim_end_matches(".rs");
            let own = own.split('/').next().unwrap_or(own);
            if other != own {
                return Some(format!(
                    "uses pages::{other}: a page never uses another page"
                ));
            }
        }
        return None;
    }
    let allowed = RULES.iter().find(|(l, _)| *l == layer)?.1;
    (!allowed.contains(&used)).then(|| {
        let list = if allowed.is_empty() {
            "nothing else of the app".to_string()
        } else {
            allowed.join(", ")
        };
        format!("uses crate::{used}: `{layer}` may use {list}")
    })
}

/// The layer of a file: its first folder, or its name for a file at the top.
fn layer_of(file: &str) -> &str {
    let first = file.split('/').next().unwrap_or(file);
    first.strip_suffix(".rs").unwrap_or(first)
}

/// The code of a file without its comments (`//` to the end of a line, and
/// `/* */`); string literals are kept as they are, which is close enough
/// for paths.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.find('\n').map_or("", |end| &after[end..]);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.find("*/").map_or("", |end| &after[end + 2..]);
        } else if let Some(after) = rest.strip_prefix('"') {
            let end = string_end(after);
            out.push('"');
            out.push_str(&after[..end]);
            rest = &after[end..];
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Where a string literal that began before `text` ends (after its quote).
fn string_end(text: &str) -> usize {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return i + 1,
            _ => escaped = false,
        }
    }
    text.len()
}

/// The code before a file's `#[cfg(test)] mod …` (its unit tests, whose
/// `super` is the file itself and which may set up what they test from
/// anywhere).
fn without_tests(code: &str) -> String {
    let mut end = code.len();
    let mut from = 0;
    while let Some(at) = code[from..].find("#[cfg(test)]") {
        let at = from + at;
        let after = code[at + "#[cfg(test)]".len()..].trim_start();
        if after.starts_with("mod ") || after.starts_with("pub mod ") {
            end = at;
            break;
        }
        from = at + 1;
    }
    code[..end].to_string()
}

/// Every `crate::a::b::…` path, as its segments, with the braces of a
/// `use crate::{a, b::c}` group expanded.
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for (start, _) in code.match_indices("crate::") {
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        expand(&code[start + "crate::".len()..], Vec::new(), &mut paths);
    }
    paths
}

/// `super::a::b` paths of a file, made absolute (as if written `crate::…`).
fn super_paths(file: &str, code: &str) -> Vec<Vec<String>> {
    let mut module: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if module.last().is_some_and(|m| m == "mod") {
        module.pop();
    }
    module.pop();
    let mut paths = Vec::new();
    for (start, _) in code.match_indices("super::") {
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let mut found = Vec::new();
        expand(&code[start + "super::".len()..], module.clone(), &mut found);
        paths.extend(found);
    }
    paths
}

/// Paths a `mod.rs` (or `lib.rs`) file writes relative to itself, into
/// the modules it declares (`use activity::start::ActionRunner;`), made
/// absolute.
fn child_paths(file: &str, code: &str) -> Vec<Vec<String>> {
    let module: Vec<String> = match file {
        "lib.rs" | "main.rs" => Vec::new(),
        _ if file.ends_with("/mod.rs") => file
            .trim_end_matches("/mod.rs")
            .split('/')
            .map(str::to_string)
            .collect(),
        _ => return Vec::new(),
    };
    let children: Vec<&str> = code
        .lines()
        .filter_map(|line| {
            let line = line.trim().trim_start_matches("pub ");
            line.strip_prefix("mod ")?.strip_suffix(';')
        })
        .collect();
    let mut paths = Vec::new();
    for line in code.lines() {
        // A `pub use` only re-exports: see `resolve`.
        let Some(used) = line.trim().strip_prefix("use ") else {
            continue;
        };
        if children.iter().any(|c| used.starts_with(&format!("{c}::"))) {
            expand(used, module.clone(), &mut paths);
        }
    }
    paths
}

/// Reads one path (or brace group of paths) after `prefix`.
fn expand(text: &str, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let text = text.trim_start();
    if let Some(group) = text.strip_prefix('{') {
        let mut depth = 0;
        let mut part = String::new();
        for c in group.chars() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&part, prefix.clone(), out);
                    part.clear();
                    continue;
                }
                _ => {}
            }
            part.push(c);
        }
        if !part.trim().is_empty() {
            expand(&part, prefix, out);
        }
        return;
    }
    let name: String = text
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() {
        if !prefix.is_empty() {
            out.push(prefix);
        }
        return;
    }
    let rest = &text[name.len()..];
    let mut path = prefix;
    // A call (`crate::parts::run_dialog(…)`) names a function of the module
    // before it, even where a module has the same name.
    if name != "self" && !rest.trim_start().starts_with('(') {
        path.push(name);
    }
    match rest.strip_prefix("::") {
        Some(rest) => expand(rest, path, out),
        None => {
            if !path.is_empty() {
                out.push(path);
            }
        }
    }
}

/// The file a path leads to: the longest prefix that names a module file;
/// a name a `mod.rs` only re-exports (`pub use error::ApiError;`) leads on
/// to the file that defines it.
fn resolve(files: &BTreeMap<String, String>, path: &[String]) -> Option<String> {
    let (n, file) = (1..=path.len()).rev().find_map(|n| {
        let module = path[..n].join("/");
        [format!("{module}.rs"), format!("{module}/mod.rs")]
            .into_iter()
            .find(|candidate| files.contains_key(candidate))
            .map(|file| (n, file))
    })?;
    let (Some(name), Some(text)) = (path.get(n), files.get(&file)) else {
        return Some(file);
    };
    let mut exported = Vec::new();
    for line in text.lines() {
        if let Some(used) = line.trim().strip_prefix("pub use ") {
            expand(used, path[..n].to_vec(), &mut exported);
        }
    }
    let onward = exported
        .iter()
        .find(|p| p.last() == Some(name) && p.len() > n)
        .and_then(|p| resolve(files, &p[..p.len() - 1]));
    Some(onward.unwrap_or(file))
}

/// The circles of the import graph, each once, as the files in order.
fn circles(graph: &BTreeMap<String, Vec<String>>) -> Vec<Vec<String>> {
    // Tarjan's strongly connected components: a component of two or more
    // files is a circle.
    struct Walk<'a> {
        graph: &'a BTreeMap<String, Vec<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: Vec<&'a str>,
        found: Vec<Vec<String>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, node: &'a str) {
            let n = self.index.len();
            self.index.insert(node, n);
            self.low.insert(node, n);
            self.stack.push(node);
            self.on_stack.push(node);
            for next in self.graph.get(node).into_iter().flatten() {
                let next = next.as_str();
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(&next) {
                    let low = self.low[node].min(self.index[next]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut component = Vec::new();
                while let Some(top) = self.stack.pop() {
                    self.on_stack.retain(|n| *n != top);
                    component.push(top.to_string());
                    if top == node {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: Vec::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !walk.index.contains_key(node.as_str()) {
            walk.visit(node);
        }
    }
    walk.found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> BTreeMap<String, String> {
        list.iter()
            .map(|(f, t)| (f.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn the_app_keeps_its_layer_rules() {
        let src = crate::project::root().join("src");
        let sources = read_sources(&src).expect("src/ can be read");
        assert!(sources.len() > 20, "found the app's files");
        let mut breaches = check(&sources);
        breaches.extend(too_long(&sources));
        let words: Vec<String> = breaches
            .iter()
            .map(|b| format!("src/{}: {}", b.file, b.rule))
            .collect();
        assert!(words.is_empty(), "\n{}\n", words.join("\n"));
    }

    #[test]
    fn an_upward_import_is_named_with_its_rule() {
        let breaches = check(&files(&[
            ("logic/cron.rs", "use crate::api::ApiError;\nfn f() {}"),
            ("api/mod.rs", "pub mod client;"),
        ]));
        assert_eq!(
            breaches,
            vec![Breach {
                file: "logic/cron.rs".into(),
                rule: "uses crate::api: `logic` may use nothing else of the app".into()
            }]
        );
    }

    #[test]
    fn groups_paths_in_code_and_super_are_read_and_comments_are_not() {
        let breaches = check(&files(&[
            (
                "state/a.rs",
                "// crate::components::x in a comment\nuse crate::{logic::x, components::y};",
            ),
            (
                "api/client.rs",
                "fn f() { crate::state::sign_out(); }\n/* crate::pages */",
            ),
            ("pages/jobs.rs", "use crate::pages::history::HistoryPage;"),
            ("pages/history.rs", "pub fn page() {}"),
            (
                "pages/mod.rs",
                "pub mod history; pub mod jobs; use crate::pages::jobs::X;",
            ),
            ("components/x.rs", "use leptos_router::hooks::use_location;"),
        ]));
        let rules: Vec<(&str, &str)> = breaches
            .iter()
            .map(|b| (b.file.as_str(), b.rule.as_str()))
            .collect();
        assert_eq!(
            rules,
            vec![
                (
                    "api/client.rs",
                    "uses crate::state: `api` may use logic, browser"
                ),
                ("components/x.rs", "names leptos_router: only router.rs may"),
                (
                    "pages/jobs.rs",
                    "uses pages::history: a page never uses another page"
                ),
                (
                    "state/a.rs",
                    "uses crate::components: `state` may use api, logic, browser, intl, routes"
                ),
            ]
        );
    }

    #[test]
    fn a_part_is_reached_only_through_its_seams() {
        let breaches = check(&files(&[
            (
                "parts/mod.rs",
                "pub mod run_dialog;\npub fn run_dialog() {}",
            ),
            ("parts/run_dialog.rs", "pub fn RunDialog() {}"),
            (
                "components/a.rs",
                "use crate::parts::run_dialog::RunDialog;",
            ),
            ("components/b.rs", "fn f() { crate::parts::run_dialog(); }"),
        ]));
        let rules: Vec<(&str, &str)> = breaches
            .iter()
            .map(|b| (b.file.as_str(), b.rule.as_str()))
            .collect();
        assert_eq!(
            rules,
            vec![(
                "components/a.rs",
                "uses parts/run_dialog.rs: outside parts/, a part is reached only through the \
                 seams of parts/mod.rs"
            )]
        );
    }

    #[test]
    fn long_pages_and_components_are_named() {
        let long_page = "//\n".repeat(PAGE_LINES + 1);
        let body = "    x();\n".repeat(COMPONENT_LINES);
        let component = format!("#[component]\npub fn Big() -> impl IntoView {{\n{body}}}\n");
        let short = "#[component]\nfn Small() {\n}\n";
        let breaches = too_long(&files(&[
            ("pages/history.rs", &long_page),
            ("components/big.rs", &component),
            ("components/small.rs", short),
        ]));
        let rules: Vec<&str> = breaches.iter().map(|b| b.rule.as_str()).collect();
        assert_eq!(
            rules,
            vec![
                "component Big has 82 lines: a component has at most 80",
                "has 201 lines: a page file has at most 200",
            ]
        );
    }

    #[test]
    fn a_circle_among_files_is_found() {
        let breaches = check(&files(&[
            ("components/a.rs", "use super::b::B;"),
            ("components/b.rs", "use crate::components::c::C;"),
            ("components/c.rs", "use super::a::A;"),
            ("components/d.rs", "use super::a::A;"),
        ]));
        assert_eq!(breaches.len(), 1, "{breaches:?}");
        assert_eq!(
            breaches[0].rule,
            "is in a circle of imports: components/a.rs → components/b.rs → components/c.rs"
        );
    }
}
