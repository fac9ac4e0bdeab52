//! The Time zone setting as a value: Local (the default), UTC, or a zone by
//! its IANA name, kept on this device as a short string. Whether the
//! browser knows a named zone is the Intl bridge's question; a name it does
//! not know (a setting from another browser) reads as Local there.

/// What the Time zone select holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ZoneChoice {
    /// The browser's own zone, the default.
    #[default]
    Local,
    /// Coordinated Universal Time.
    Utc,
    /// A zone by its IANA name, e.g. "Europe/Berlin".
    Named(String),
}

/// How Local is kept (a zone name never looks like this).
const LOCAL: &str = "local";
/// How UTC is kept.
const UTC: &str = "UTC";

impl ZoneChoice {
    /// Reads a kept value: "local", "UTC", or a zone name; anything empty
    /// or too odd to be a zone name is Local.
    pub fn from_stored(value: &str) -> ZoneChoice {
        let value = value.trim();
        let plausible = value.len() <= 64
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"/_+-".contains(&b));
        match value {
            "" | LOCAL => ZoneChoice::Local,
            UTC => ZoneChoice::Utc,
            name if plausible => ZoneChoice::Named(name.to_string()),
            _ => ZoneChoice::Local,
        }
    }

    /// The value to keep (and the select option's value).
    pub fn stored(&self) -> &str {
        match self {
            ZoneChoice::Local => LOCAL,
            ZoneChoice::Utc => UTC,
            ZoneChoice::Named(name) => name,
        }
    }

    /// The option's words: "Local (Europe/Berlin)" (or "Local" where the
    /// browser does not say its zone), "UTC", or the zone's name.
    pub fn label(&self, local_name: Option<&str>) -> String {
        match (self, local_name) {
            (ZoneChoice::Local, Some(name)) => format!("Local ({name})"),
            (ZoneChoice::Local, None) => "Local".to_string(),
            (ZoneChoice::Utc, _) => UTC.to_string(),
            (ZoneChoice::Named(name), _) => name.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_values_read_back() {
        for choice in [
            ZoneChoice::Local,
            ZoneChoice::Utc,
            ZoneChoice::Named("America/Argentina/Buenos_Aires".into()),
            ZoneChoice::Named("Etc/GMT+5".into()),
        ] {
            assert_eq!(ZoneChoice::from_stored(choice.stored()), choice);
        }
        assert_eq!(ZoneChoice::from_stored(""), ZoneChoice::Local);
        assert_eq!(ZoneChoice::from_stored("<script>"), ZoneChoice::Local);
        assert_eq!(ZoneChoice::from_stored(&"A".repeat(65)), ZoneChoice::Local);
    }

    #[test]
    fn labels() {
        assert_eq!(
            ZoneChoice::Local.label(Some("Europe/Berlin")),
            "Local (Europe/Berlin)"
        );
        assert_eq!(ZoneChoice::Local.label(None), "Local");
        assert_eq!(ZoneChoice::Utc.label(Some("Europe/Berlin")), "UTC");
        assert_eq!(
            ZoneChoice::Named("Asia/Kolkata".into()).label(None),
            "Asia/Kolkata"
        );
    }
}
