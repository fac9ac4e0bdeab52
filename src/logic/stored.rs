//! What the app keeps in the browser's storage, and which of its entries
//! make room when the storage is full: the oldest written first, never who
//! is signed in. Each write of an app entry notes when it happened under
//! [`AGES_KEY`]; entries whose age is not noted (an older version's) go
//! before any whose age is.

/// Every key of the app starts with this.
pub const PREFIX: &str = "jobdeck.";

/// Where the ages of the app's entries are kept.
pub const AGES_KEY: &str = "jobdeck.ages";

/// Entries never dropped to make room: the sign-in.
pub const KEPT: [&str; 2] = ["jobdeck.token", "jobdeck.api_url"];

/// When each of the app's entries was last written (epoch ms).
pub type Ages = Vec<(String, f64)>;

/// Reads the ages as stored; anything unreadable is no ages.
pub fn read_ages(text: Option<&str>) -> Ages {
    let Some(Ok(serde_json::Value::Array(pairs))) = text.map(serde_json::from_str) else {
        return Vec::new();
    };
    pairs
        .iter()
        .filter_map(|pair| {
            let key = pair.get(0)?.as_str()?;
            let at = pair.get(1)?.as_f64()?;
            key.starts_with(PREFIX).then(|| (key.to_string(), at))
        })
        .collect()
}

/// The ages as stored.
pub fn write_ages(ages: &Ages) -> String {
    serde_json::to_string(ages).unwrap_or_else(|_| "[]".into())
}

/// Notes that `key` was written at `now`.
pub fn touch(ages: &mut Ages, key: &str, now: f64) {
    ages.retain(|(k, _)| k != key);
    ages.push((key.to_string(), now));
}

/// The app's entries among `present` to drop, in order, to make room for
/// `writing`: those of unknown age first, then the oldest written; never
/// the sign-in, the ages themselves or `writing`.
pub fn eviction_order(present: &[String], ages: &Ages, writing: &str) -> Vec<String> {
    let mut victims: Vec<(f64, &String)> = present
        .iter()
        .filter(|k| k.starts_with(PREFIX))
        .filter(|k| !KEPT.contains(&k.as_str()) && *k != AGES_KEY && *k != writing)
        .map(|k| {
            let at = ages
                .iter()
                .find(|(a, _)| a == k)
                .map_or(f64::NEG_INFINITY, |(_, at)| *at);
            (at, k)
        })
        .collect();
    victims.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    victims.into_iter().map(|(_, k)| k.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_of_the_apps_entries_make_room_first_never_the_sign_in() {
        let present: Vec<String> = [
            "jobdeck.token",
            "jobdeck.runs",
            "other.app",
            "jobdeck.seen",
            "jobdeck.zone",
            "jobdeck.ages",
            "jobdeck.legacy",
        ]
        .map(String::from)
        .to_vec();
        let mut ages = Vec::new();
        touch(&mut ages, "jobdeck.seen", 30.0);
        touch(&mut ages, "jobdeck.runs", 10.0);
        touch(&mut ages, "jobdeck.zone", 20.0);
        touch(&mut ages, "jobdeck.runs", 40.0);
        assert_eq!(
            eviction_order(&present, &ages, "jobdeck.zone"),
            ["jobdeck.legacy", "jobdeck.seen", "jobdeck.runs"]
        );
    }

    #[test]
    fn ages_survive_a_round_trip_and_junk_is_none() {
        let mut ages = Vec::new();
        touch(&mut ages, "jobdeck.runs", 1.5);
        assert_eq!(read_ages(Some(&write_ages(&ages))), ages);
        for junk in [
            None,
            Some(""),
            Some("{"),
            Some("{}"),
            Some("[[1,2],[\"x.y\",3]]"),
        ] {
            assert_eq!(read_ages(junk), Vec::new(), "{junk:?}");
        }
    }
}
