//! One live refresher per browser: the open tabs of Jobdeck elect the one
//! that refreshes, from the heartbeats they broadcast to each other.
//!
//! No negotiation: every tab sends a heartbeat (its id and whether it is
//! visible) every [`HEARTBEAT`], and a "bye" when it goes away. Each tab
//! keeps the heartbeats it saw, stamped with its own clock when they
//! arrived (tabs' clocks need not agree), and computes the same answer: the
//! leader is the visible tab with the smallest id among those heard from
//! within [`TIMEOUT`]. Ids start with the tab's start time, so the oldest
//! visible tab leads and a new tab does not take over. A hidden tab never
//! leads (it does not refresh anyway); when the leader hides or says bye the
//! next one leads at once, and when it dies silently, within [`TIMEOUT`].

use std::time::Duration;

/// How often a tab says it is there.
pub const HEARTBEAT: Duration = Duration::from_secs(5);
/// A tab not heard from for this long is gone (two and a half heartbeats).
pub const TIMEOUT: Duration = Duration::from_millis(12_500);

/// What tabs say to each other, as text on the channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message {
    /// "I am here", and whether the tab is visible.
    Heartbeat {
        /// The sender.
        from: u64,
        /// Whether its page is visible.
        visible: bool,
    },
    /// "I am going away."
    Bye {
        /// The sender.
        from: u64,
    },
}

impl Message {
    /// The text sent on the channel, e.g. `hb 17 1`.
    pub fn encode(&self) -> String {
        match self {
            Message::Heartbeat { from, visible } => format!("hb {from} {}", u8::from(*visible)),
            Message::Bye { from } => format!("bye {from}"),
        }
    }

    /// Reads a message; anything else on the channel is ignored.
    pub fn parse(text: &str) -> Option<Message> {
        let mut words = text.split(' ');
        let kind = words.next()?;
        let from = words.next()?.parse().ok()?;
        let message = match (kind, words.next()) {
            ("hb", Some("1")) => Message::Heartbeat {
                from,
                visible: true,
            },
            ("hb", Some("0")) => Message::Heartbeat {
                from,
                visible: false,
            },
            ("bye", None) => Message::Bye { from },
            _ => return None,
        };
        words.next().is_none().then_some(message)
    }
}

/// Another tab, as last heard from.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Peer {
    id: u64,
    visible: bool,
    heard_ms: f64,
}

/// One tab's view of the election.
#[derive(Clone, Debug, PartialEq)]
pub struct Election {
    me: u64,
    peers: Vec<Peer>,
}

impl Election {
    /// A tab with this id that has heard from no one.
    pub fn new(me: u64) -> Election {
        Election {
            me,
            peers: Vec::new(),
        }
    }

    /// This tab's id.
    pub fn id(&self) -> u64 {
        self.me
    }

    /// Takes in a message heard at `now_ms` (this tab's clock).
    pub fn heard(&mut self, message: Message, now_ms: f64) {
        match message {
            Message::Heartbeat { from, .. } | Message::Bye { from } if from == self.me => {}
            Message::Heartbeat { from, visible } => {
                let peer = Peer {
                    id: from,
                    visible,
                    heard_ms: now_ms,
                };
                match self.peers.iter_mut().find(|p| p.id == from) {
                    Some(known) => *known = peer,
                    None => self.peers.push(peer),
                }
            }
            Message::Bye { from } => self.peers.retain(|p| p.id != from),
        }
        self.forget_silent(now_ms);
    }

    /// Whether this tab leads at `now_ms`, being `visible` or not.
    pub fn leads(&self, visible: bool, now_ms: f64) -> bool {
        visible
            && !self
                .peers
                .iter()
                .any(|p| p.visible && p.id < self.me && is_fresh(p, now_ms))
    }

    /// Whether another tab leads now (a fresh, visible tab with a smaller id).
    pub fn other_leads(&self, now_ms: f64) -> bool {
        self.peers
            .iter()
            .any(|p| p.visible && p.id < self.me && is_fresh(p, now_ms))
    }

    /// Drops the tabs not heard from for too long, so the list stays small.
    fn forget_silent(&mut self, now_ms: f64) {
        self.peers.retain(|p| is_fresh(p, now_ms));
    }
}

fn is_fresh(peer: &Peer, now_ms: f64) -> bool {
    now_ms - peer.heard_ms <= TIMEOUT.as_millis() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hb(from: u64, visible: bool) -> Message {
        Message::Heartbeat { from, visible }
    }

    #[test]
    fn messages_survive_the_channel() {
        for message in [hb(17, true), hb(3, false), Message::Bye { from: 99 }] {
            assert_eq!(Message::parse(&message.encode()), Some(message));
        }
        for junk in [
            "", "hb", "hb x 1", "hb 1 2", "bye 1 1", "hb 1 1 1", "hello 1",
        ] {
            assert_eq!(Message::parse(junk), None, "{junk}");
        }
    }

    #[test]
    fn alone_a_visible_tab_leads_and_a_hidden_one_does_not() {
        let alone = Election::new(5);
        assert!(alone.leads(true, 0.0));
        assert!(!alone.leads(false, 0.0));
    }

    #[test]
    fn the_oldest_visible_tab_leads() {
        let mut newer = Election::new(20);
        let mut older = Election::new(10);
        newer.heard(hb(10, true), 1_000.0);
        older.heard(hb(20, true), 1_000.0);
        assert!(!newer.leads(true, 1_000.0));
        assert!(older.leads(true, 1_000.0));
        assert!(newer.other_leads(1_000.0));
        // Its own echo changes nothing.
        older.heard(hb(10, true), 1_100.0);
        assert!(older.leads(true, 1_100.0));
    }

    #[test]
    fn a_hidden_leader_hands_over_at_once() {
        let mut newer = Election::new(20);
        newer.heard(hb(10, true), 0.0);
        assert!(!newer.leads(true, 0.0));
        newer.heard(hb(10, false), 1_000.0);
        assert!(newer.leads(true, 1_000.0));
    }

    #[test]
    fn a_leader_that_says_bye_hands_over_at_once() {
        let mut newer = Election::new(20);
        newer.heard(hb(10, true), 0.0);
        newer.heard(Message::Bye { from: 10 }, 500.0);
        assert!(newer.leads(true, 500.0));
    }

    #[test]
    fn a_silent_leader_is_replaced_within_the_timeout() {
        let mut newer = Election::new(20);
        newer.heard(hb(10, true), 0.0);
        assert!(!newer.leads(true, TIMEOUT.as_millis() as f64));
        assert!(newer.leads(true, TIMEOUT.as_millis() as f64 + 1.0));
        // Heard again, it leads again.
        newer.heard(hb(10, true), 20_000.0);
        assert!(!newer.leads(true, 20_000.0));
    }

    #[test]
    fn of_five_tabs_exactly_one_leads() {
        let ids = [50, 40, 30, 20, 10];
        let mut tabs: Vec<Election> = ids.iter().map(|&id| Election::new(id)).collect();
        for tab in &mut tabs {
            for &id in &ids {
                // Tab 10 is hidden: 20 leads.
                tab.heard(hb(id, id != 10), 0.0);
            }
        }
        let leaders: Vec<u64> = tabs
            .iter()
            .filter(|t| t.leads(t.id() != 10, 0.0))
            .map(Election::id)
            .collect();
        assert_eq!(leaders, [20]);
    }
}
