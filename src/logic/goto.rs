//! Go to: what the person typed against every place the app can go to (the
//! pages, the stacks, every job loaded so far), ranked by how well the name
//! matches: the whole name, then its start, then the start of a word in
//! it, then anywhere in it, then every word typed somewhere in it, then its
//! letters in order. Ties go to pages, then stacks, then jobs, then the
//! shorter name.

/// What a place is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlaceKind {
    /// A page of the app (All jobs, a stack's History…).
    Page,
    /// A stack's Jobs page.
    Stack,
    /// A job's page.
    Job,
}

impl PlaceKind {
    /// The word shown beside an option.
    pub fn word(self) -> &'static str {
        match self {
            PlaceKind::Page => "Page",
            PlaceKind::Stack => "Stack",
            PlaceKind::Job => "Job",
        }
    }
}

/// A place Go to can go to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// What it is.
    pub kind: PlaceKind,
    /// Its name as shown, e.g. "db-backup — Acme Production (production)".
    pub label: String,
    /// Where it is.
    pub href: String,
    lower: String,
}

impl Place {
    /// A place named `label` at `href`.
    pub fn new(kind: PlaceKind, label: String, href: String) -> Place {
        let lower = label.to_lowercase();
        Place {
            kind,
            label,
            href,
            lower,
        }
    }
}

/// How well `query` (lowercased, trimmed, not empty) matches `name`
/// (lowercased): smaller is better; `None` when it does not.
pub fn score(query: &str, name: &str) -> Option<u8> {
    if name == query {
        return Some(0);
    }
    if name.starts_with(query) {
        return Some(1);
    }
    if let Some(at) = name.find(query) {
        let word_start = name[..at]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_alphanumeric());
        return Some(if word_start { 2 } else { 3 });
    }
    let mut words = query.split_whitespace();
    if query.contains(char::is_whitespace) && words.all(|w| name.contains(w)) {
        return Some(4);
    }
    let mut rest = name.chars();
    let in_order = query
        .chars()
        .filter(|c| !c.is_whitespace())
        .all(|q| rest.any(|c| c == q));
    in_order.then_some(5)
}

/// The indices of the places matching `query`, best first, at most
/// `limit`. An empty query lists the places in their own order (pages,
/// then stacks, then jobs).
pub fn rank(places: &[Place], query: &str, limit: usize) -> Vec<usize> {
    let query = query.trim().to_lowercase();
    let mut found: Vec<(u8, PlaceKind, usize, usize)> = places
        .iter()
        .enumerate()
        .filter_map(|(i, place)| {
            let score = if query.is_empty() {
                0
            } else {
                score(&query, &place.lower)?
            };
            let length = if query.is_empty() {
                0
            } else {
                place.lower.len()
            };
            Some((score, place.kind, length, i))
        })
        .collect();
    // Only the best `limit` need to be in order.
    if found.len() > limit {
        found.select_nth_unstable(limit);
        found.truncate(limit);
    }
    found.sort_unstable();
    found.into_iter().map(|(_, _, _, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places() -> Vec<Place> {
        let p = |kind, label: &str| Place::new(kind, label.to_string(), format!("/{label}"));
        vec![
            p(PlaceKind::Job, "backup-eu — Big Batch"),
            p(PlaceKind::Job, "db-backup — Acme Production (production)"),
            p(PlaceKind::Stack, "Acme Production (production)"),
            p(PlaceKind::Page, "All jobs"),
            p(PlaceKind::Job, "nightly-backup — Acme Staging (staging)"),
            p(PlaceKind::Stack, "Backup"),
            p(PlaceKind::Page, "History — Acme Production (production)"),
        ]
    }

    fn labels(query: &str) -> Vec<String> {
        let places = places();
        rank(&places, query, 10)
            .into_iter()
            .map(|i| places[i].label.clone())
            .collect()
    }

    #[test]
    fn scores_go_from_the_whole_name_to_letters_in_order() {
        assert_eq!(score("backup", "backup"), Some(0));
        assert_eq!(score("back", "backup-eu"), Some(1));
        assert_eq!(score("backup", "db-backup"), Some(2));
        assert_eq!(score("ackup", "db-backup"), Some(3));
        assert_eq!(score("acme db", "db-backup — acme production"), Some(4));
        assert_eq!(score("dbbkp", "db-backup"), Some(5));
        assert_eq!(score("xyz", "db-backup"), None);
        assert_eq!(score("pudb", "db-backup"), None, "letters out of order");
    }

    #[test]
    fn the_best_match_comes_first_and_ties_go_to_pages_then_stacks() {
        assert_eq!(
            labels("backup"),
            [
                "Backup",
                "backup-eu — Big Batch",
                // Both at the start of a word: the shorter name first.
                "nightly-backup — Acme Staging (staging)",
                "db-backup — Acme Production (production)",
            ]
        );
        assert_eq!(
            labels("acme prod"),
            [
                "Acme Production (production)",
                "History — Acme Production (production)",
                "db-backup — Acme Production (production)",
            ]
        );
        assert_eq!(labels("ACME PROD")[0], "Acme Production (production)");
        assert_eq!(labels("  all ")[0], "All jobs");
        assert!(labels("zzz").is_empty());
    }

    #[test]
    fn an_empty_query_lists_pages_then_stacks_then_jobs_and_the_limit_holds() {
        let all = labels("");
        assert_eq!(
            &all[..2],
            ["All jobs", "History — Acme Production (production)"]
        );
        assert_eq!(&all[2..4], ["Acme Production (production)", "Backup"]);
        let many: Vec<Place> = (0..6000)
            .map(|i| Place::new(PlaceKind::Job, format!("job-{i:04} — Fleet"), String::new()))
            .collect();
        let top = rank(&many, "job-00", 50);
        assert_eq!(top.len(), 50);
        assert_eq!(many[top[0]].label, "job-0000 — Fleet");
    }
}
