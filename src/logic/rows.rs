//! Rows as a list's loader hands them to views: each entry with a version
//! that changes exactly when the entry's data does. A keyed `<For>` keys a
//! row by its version, so a refresh redraws the rows that changed and keeps
//! every other row's nodes, and no field shown in a row can be left out of
//! its key (the key is not made of fields at all).

use crate::logic::model::{Action, Job};

/// An entry of a list the API pages, identified within its list.
pub trait Listed: Clone + PartialEq {
    /// What names an entry in its list (a job's uid, an action's id).
    type Id: PartialEq;
    /// This entry's id.
    fn id(&self) -> Self::Id;
}

impl Listed for Job {
    type Id = String;
    fn id(&self) -> String {
        self.uid.clone()
    }
}

impl Listed for Action {
    type Id = u64;
    fn id(&self) -> u64 {
        self.id
    }
}

/// One entry and the version its loader gave it: unique among every row
/// the loader ever handed out, the same as long as the data is.
#[derive(Clone, Debug, PartialEq)]
pub struct Row<T> {
    /// The entry.
    pub item: T,
    /// The key a view draws it by.
    pub version: u64,
}

impl<T> AsRef<T> for Row<T> {
    fn as_ref(&self) -> &T {
        &self.item
    }
}

/// The rows of a new answer: an entry equal to one of `held` (found by id)
/// keeps that row's version; a new or changed one takes the next version
/// of `counter`.
pub fn versioned<'a, T: Listed + 'a>(
    held: impl Iterator<Item = &'a Row<T>> + Clone,
    items: Vec<T>,
    counter: &mut u64,
) -> Vec<Row<T>> {
    items
        .into_iter()
        .map(|item| {
            let id = item.id();
            let kept = held
                .clone()
                .find(|row| row.item.id() == id && row.item == item)
                .map(|row| row.version);
            let version = kept.unwrap_or_else(|| {
                *counter += 1;
                *counter
            });
            Row { item, version }
        })
        .collect()
}

/// Rows of several pages as one list, the first of each id kept: a job that
/// moved from one page to the next between two requests is listed once.
pub fn distinct<T: Listed + Clone>(rows: impl Iterator<Item = Row<T>>) -> Vec<Row<T>> {
    let mut out: Vec<Row<T>> = Vec::new();
    for row in rows {
        let id = row.item.id();
        if !out.iter().any(|r| r.item.id() == id) {
            out.push(row);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn job(uid: &str, name: &str, paused: bool) -> Job {
        Job::from_value(&json!({"uid": uid, "name": name, "paused": paused})).unwrap()
    }

    #[test]
    fn a_row_keeps_its_version_while_its_data_is_the_same() {
        let mut counter = 0;
        let first = versioned(
            [].iter(),
            vec![job("a", "a", false), job("b", "b", false)],
            &mut counter,
        );
        assert_eq!(first.iter().map(|r| r.version).collect::<Vec<_>>(), [1, 2]);
        // b paused elsewhere, c added, a unchanged (and moved).
        let second = versioned(
            first.iter(),
            vec![
                job("c", "c", false),
                job("a", "a", false),
                job("b", "b", true),
            ],
            &mut counter,
        );
        let versions: Vec<(String, u64)> = second
            .iter()
            .map(|r| (r.item.uid.clone(), r.version))
            .collect();
        assert_eq!(
            versions,
            [("c".into(), 3), ("a".into(), 1), ("b".into(), 4)]
        );
    }

    #[test]
    fn any_field_that_changes_changes_the_version() {
        // The key is not a list of fields: a field no view thought of still counts.
        let mut counter = 0;
        let before = versioned([].iter(), vec![job("a", "a", false)], &mut counter);
        let mut changed = job("a", "a", false);
        changed
            .params
            .insert("command".into(), json!("echo something new"));
        let after = versioned(before.iter(), vec![changed], &mut counter);
        assert_ne!(after[0].version, before[0].version);
    }

    #[test]
    fn the_same_id_on_two_pages_is_listed_once() {
        let rows = vec![
            Row {
                item: job("a", "first", false),
                version: 1,
            },
            Row {
                item: job("b", "b", false),
                version: 2,
            },
            Row {
                item: job("a", "again", false),
                version: 3,
            },
        ];
        let names: Vec<String> = distinct(rows.into_iter())
            .into_iter()
            .map(|r| r.item.name)
            .collect();
        assert_eq!(names, ["first", "b"]);
    }
}
