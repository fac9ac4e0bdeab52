//! The README's architecture tree names only files and folders that exist
//! (issue 26, item 7: a reader, and this test, can check each claim).

use std::path::Path;

/// The paths the tree under `## Architecture` names, relative to the root.
pub fn tree_paths(readme: &str) -> Vec<String> {
    let Some(section) = readme.split("\n## Architecture\n").nth(1) else {
        return Vec::new();
    };
    let Some(block) = section.split("```").nth(1) else {
        return Vec::new();
    };
    let mut folders: Vec<String> = Vec::new();
    let mut paths = Vec::new();
    for line in block.lines() {
        let indent = line.len() - line.trim_start().len();
        // Entries start at 0, 2, 4…; deeper lines go on a description.
        if line.trim().is_empty() || indent > 8 {
            continue;
        }
        let depth = indent / 2;
        folders.truncate(depth);
        let names = line.trim_start().split("  ").next().unwrap_or("");
        for name in names.split(", ") {
            let path = format!("{}{name}", folders.concat());
            paths.push(path.clone());
            if name.ends_with('/') && !names.contains(", ") {
                folders.push(name.to_string());
            }
        }
    }
    paths
}

/// The paths of the tree that do not exist under `root`.
pub fn missing(root: &Path, readme: &str) -> Vec<String> {
    tree_paths(readme)
        .into_iter()
        .filter(|p| !root.join(p).exists())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_architecture_tree_names_what_exists() {
        let root = crate::project::root();
        let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
        let paths = tree_paths(&readme);
        assert!(paths.len() > 30, "read the tree: {paths:?}");
        assert_eq!(missing(&root, &readme), Vec::<String>::new());
    }

    #[test]
    fn the_tree_is_read_by_indentation() {
        let readme = "x\n## Architecture\n\n```\nsrc/        the app\n  a.rs, b.rs  two\n  sub/       a folder\n    c.rs     in it\n               more words, d.rs\n  e.rs       back up\nf/           top\n```\n";
        assert_eq!(
            tree_paths(readme),
            [
                "src/",
                "src/a.rs",
                "src/b.rs",
                "src/sub/",
                "src/sub/c.rs",
                "src/e.rs",
                "f/"
            ]
        );
    }
}
