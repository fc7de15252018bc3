//! Sign-in throttling: failed sign-ins slow down the source address and the username
//! they came from, and nobody else. Each attempt takes a turn: past a few free failures
//! a source's (or a username's) turns are spaced by a delay that doubles with every
//! further failure, so guessing from one place goes at a crawl, while the owner of
//! another username, from another address, signs in at once. An attempt whose turn lies
//! too far ahead is refused outright, so a flood waits in no queue.
//!
//! A username's spacing holds back only the sources that failed for it more than a few
//! times: from anywhere else its owner waits at most a moment (`CLEAN_WAIT_MAX_MS`), so a
//! flood of wrong passwords for the admin, from however many addresses, does not lock the
//! admin out. Failures are written to the audit log only while they are few: per
//! username and source, and for the whole service within the window.

use std::collections::HashMap;
use std::net::IpAddr;

/// Failures from one source within the window before its attempts are spaced out
/// (a panti's office shares one address among its staff).
pub const SOURCE_FREE_FAILURES: u32 = 10;
/// Failures of one username within the window before its attempts are spaced out.
pub const USERNAME_FREE_FAILURES: u32 = 3;
/// The spacing after the first failure beyond the free ones; it doubles with each next one.
pub const FIRST_DELAY_MS: i64 = 250;
/// The widest spacing: one guess per 8 s per source and per username at most.
pub const DELAY_MAX_MS: i64 = 8_000;
/// An attempt whose turn is further away than this is refused (429) instead of held.
pub const WAIT_MAX_MS: i64 = 16_000;
/// The longest a username's spacing holds an attempt from a source that has not failed
/// for that username more than its free failures.
pub const CLEAN_WAIT_MAX_MS: i64 = 500;
/// Failed sign-ins written one by one in a window for the whole service; beyond, only each
/// doubling of the count, so a flood from many addresses leaves a bounded trail.
pub const AUDITED_FREE_FAILURES: u32 = 100;
/// How long a source that signed someone in is known: its attempts go first to argon2.
pub const KNOWN_SOURCE_MS: i64 = 30 * 24 * 60 * 60 * 1000;
/// How long failures count.
pub const WINDOW_MS: i64 = 15 * 60 * 1000;
/// Sources (and usernames) tracked at most; the oldest are forgotten first.
pub const TRACKED_MAX: usize = 10_000;

/// What a source is throttled by: its IPv4 address, or the /64 network of an IPv6 one
/// (one host is given a whole /64).
pub fn source_key(ip: IpAddr) -> String {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    };
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let [a, b, c, d, ..] = v6.segments();
            format!("{a:x}:{b:x}:{c:x}:{d:x}::/64")
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Record {
    failures: u32,
    window_start_ms: i64,
    /// The earliest moment the next attempt may be checked.
    next_turn_ms: i64,
}

impl Record {
    fn delay_ms(&self, free: u32) -> i64 {
        match self.failures.checked_sub(free) {
            None => 0,
            Some(beyond) => FIRST_DELAY_MS.saturating_mul(1 << beyond.min(16)).min(DELAY_MAX_MS),
        }
    }
}

#[derive(Debug, Default)]
struct Tracker {
    records: HashMap<String, Record>,
}

impl Tracker {
    /// The key's record, started afresh once its window has passed.
    fn record(&mut self, key: &str, now_ms: i64) -> &mut Record {
        if self.records.get(key).is_some_and(|r| now_ms - r.window_start_ms >= WINDOW_MS) {
            self.records.remove(key);
        }
        if !self.records.contains_key(key) && self.records.len() >= TRACKED_MAX {
            self.records.retain(|_, r| now_ms - r.window_start_ms < WINDOW_MS);
            if self.records.len() >= TRACKED_MAX {
                let oldest = self.records.iter().min_by_key(|(_, r)| r.window_start_ms).map(|(k, _)| k.clone());
                oldest.map(|key| self.records.remove(&key));
            }
        }
        let fresh = Record { failures: 0, window_start_ms: now_ms, next_turn_ms: now_ms };
        self.records.entry(key.to_string()).or_insert(fresh)
    }

    fn next_turn_ms(&mut self, key: &str, now_ms: i64) -> i64 {
        self.records
            .get(key)
            .filter(|r| now_ms - r.window_start_ms < WINDOW_MS)
            .map_or(now_ms, |r| r.next_turn_ms.max(now_ms))
    }

    /// Takes the turn at `turn_ms` and counts the attempt as failed until it succeeds,
    /// so that a burst sent at once is spaced like one sent in a row.
    fn take_turn(&mut self, key: &str, turn_ms: i64, free: u32) -> u32 {
        let record = self.record(key, turn_ms);
        record.failures = record.failures.saturating_add(1);
        record.next_turn_ms = record.next_turn_ms.max(turn_ms) + record.delay_ms(free);
        record.failures
    }

    fn failures(&self, key: &str, now_ms: i64) -> u32 {
        self.records.get(key).filter(|r| now_ms - r.window_start_ms < WINDOW_MS).map_or(0, |r| r.failures)
    }
}

#[derive(Debug, Default)]
pub struct LoginThrottle {
    sources: Tracker,
    usernames: Tracker,
    /// Failures of a username from one source: whether its spacing holds that source.
    pairs: Tracker,
    /// Failures of the whole service in the window: (window start, count).
    all: (i64, u32),
    /// Sources that signed someone in, by the time of the last success (bounded like the rest).
    known: HashMap<String, i64>,
}

fn pair_key(source: &str, username: &str) -> String {
    format!("{source} {username}")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// Seconds from now until a sign-in from here, or for this username, may be tried again.
    pub retry_after_seconds: i64,
}

/// Which attempt this is, within the window, for its username and from its source
/// (successful ones not counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failures {
    pub of_username: u32,
    pub from_source: u32,
    /// Of the whole service.
    pub in_all: u32,
    /// Whether the source signed someone in within `KNOWN_SOURCE_MS` and has not failed
    /// more than its free failures since.
    pub known_source: bool,
}

/// Whether the `n`th failure is written down one by one: the free ones, then only the
/// 16th, 32nd, 64th…, so a flood leaves a handful of records that say how big it was.
fn noteworthy(n: u32, free: u32) -> bool {
    n <= free || n.is_power_of_two()
}

impl Failures {
    pub fn noteworthy(&self) -> bool {
        noteworthy(self.of_username, USERNAME_FREE_FAILURES)
            && noteworthy(self.from_source, SOURCE_FREE_FAILURES)
            && noteworthy(self.in_all, AUDITED_FREE_FAILURES)
    }

    /// The attempt's place in the queue for argon2, lowest first: a known source, then by
    /// the failures from its source, so a flood queues behind the owner of a login.
    pub fn rank(&self) -> u32 {
        if self.known_source {
            0
        } else {
            self.from_source
        }
    }
}

impl LoginThrottle {
    /// Takes the turn of an attempt from `source` for `username` at `now_ms`: how many
    /// milliseconds it waits before its password is checked and how many attempts it
    /// makes (for the audit log), or a refusal when that turn is too far away. The
    /// attempt counts as failed unless `succeeded` is called.
    pub fn admit(&mut self, source: &str, username: &str, now_ms: i64) -> Result<(i64, Failures), Refused> {
        let pair = pair_key(source, username);
        let username_turn_ms = self.usernames.next_turn_ms(username, now_ms);
        let username_turn_ms = match self.pairs.failures(&pair, now_ms) > USERNAME_FREE_FAILURES {
            true => username_turn_ms,
            false => username_turn_ms.min(now_ms + CLEAN_WAIT_MAX_MS),
        };
        let turn_ms = self.sources.next_turn_ms(source, now_ms).max(username_turn_ms);
        let wait_ms = turn_ms - now_ms;
        if wait_ms > WAIT_MAX_MS {
            return Err(Refused { retry_after_seconds: (wait_ms - WAIT_MAX_MS + 999) / 1000 });
        }
        if now_ms - self.all.0 >= WINDOW_MS {
            self.all = (now_ms, 0);
        }
        self.all.1 = self.all.1.saturating_add(1);
        self.pairs.take_turn(&pair, turn_ms, u32::MAX);
        let failures = Failures {
            of_username: self.usernames.take_turn(username, turn_ms, USERNAME_FREE_FAILURES),
            from_source: self.sources.take_turn(source, turn_ms, SOURCE_FREE_FAILURES),
            in_all: self.all.1,
            known_source: false,
        };
        let known = self.known.get(source).is_some_and(|at| now_ms - at < KNOWN_SOURCE_MS);
        let failures = Failures { known_source: known && failures.from_source <= SOURCE_FREE_FAILURES, ..failures };
        Ok((wait_ms, failures))
    }

    /// The right password: the username's failures are cleared and the attempt no longer
    /// counts against its source; the source's other failures stay, so one known login
    /// does not wash an address clean for guessing others.
    pub fn succeeded(&mut self, source: &str, username: &str, now_ms: i64) {
        if !self.known.contains_key(source) && self.known.len() >= TRACKED_MAX {
            let oldest = self.known.iter().min_by_key(|(_, at)| **at).map(|(k, _)| k.clone());
            oldest.map(|key| self.known.remove(&key));
        }
        self.known.insert(source.to_string(), now_ms);
        self.usernames.records.remove(username);
        self.pairs.records.remove(&pair_key(source, username));
        self.all.1 = self.all.1.saturating_sub(1);
        if let Some(record) = self.sources.records.get_mut(source) {
            record.failures = record.failures.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fails `count` attempts, each at its turn; returns the time after the last.
    fn fail_in_turn(throttle: &mut LoginThrottle, source: &str, username: &str, count: u32, mut now_ms: i64) -> i64 {
        for _ in 0..count {
            now_ms += throttle.admit(source, username, now_ms).expect("within the wait").0;
        }
        now_ms
    }

    fn wait(throttle: &mut LoginThrottle, source: &str, username: &str, now_ms: i64) -> Result<i64, Refused> {
        throttle.admit(source, username, now_ms).map(|(wait_ms, _)| wait_ms)
    }

    #[test]
    fn a_username_is_slowed_down_after_its_free_failures_and_never_locked() {
        let mut throttle = LoginThrottle::default();
        let now = fail_in_turn(&mut throttle, "10.0.0.9", "siti", USERNAME_FREE_FAILURES, 1000);
        assert_eq!(now, 1000, "the free failures wait for nothing");
        assert_eq!(wait(&mut throttle, "10.0.0.1", "siti", now), Ok(FIRST_DELAY_MS), "the owner waits a moment");
        let now = fail_in_turn(&mut throttle, "10.0.0.9", "siti", 20, now);
        let held = wait(&mut throttle, "10.0.0.1", "siti", now).expect("held, not refused");
        assert!((0..=DELAY_MAX_MS).contains(&held), "{held}");
        assert_eq!(
            wait(&mut throttle, "10.0.0.2", "budi", now),
            Ok(0),
            "another username from elsewhere is not slowed"
        );
    }

    #[test]
    fn a_source_is_slowed_down_whatever_usernames_it_tries() {
        let mut throttle = LoginThrottle::default();
        let mut now = 0;
        for i in 0..SOURCE_FREE_FAILURES + 6 {
            now += wait(&mut throttle, "10.0.0.9", &format!("tebak{i}"), now).unwrap();
        }
        assert!(now > 0, "the failures beyond the free ones waited their turns");
        assert!(wait(&mut throttle, "10.0.0.9", "lagi", now).unwrap() > 0, "a new username from there waits too");
        assert_eq!(wait(&mut throttle, "10.0.0.1", "admin", now), Ok(0), "the admin elsewhere signs in at once");
    }

    #[test]
    fn a_burst_is_spaced_then_refused_and_the_window_forgets() {
        let mut throttle = LoginThrottle::default();
        let waits: Vec<_> = (0..20).map(|_| wait(&mut throttle, "10.0.0.9", "siti", 0)).collect();
        assert_eq!(waits[..4], [Ok(0), Ok(0), Ok(0), Ok(FIRST_DELAY_MS)], "sent at once, spaced as if in a row");
        assert!(waits.iter().any(Result::is_err), "a burst is not queued without end: {waits:?}");
        assert!(waits.iter().filter_map(|w| w.ok()).all(|w| w <= WAIT_MAX_MS));
        assert_eq!(wait(&mut throttle, "10.0.0.9", "siti", WINDOW_MS + 60_000), Ok(0), "old failures are forgotten");
    }

    #[test]
    fn a_success_clears_the_username_but_not_the_source() {
        let mut throttle = LoginThrottle::default();
        let mut now = 0;
        for _ in 0..12 {
            now += wait(&mut throttle, "10.0.0.9", "siti", now).unwrap();
        }
        throttle.succeeded("10.0.0.9", "siti", now);
        let (_, failures) = throttle.admit("10.0.0.9", "siti", now + DELAY_MAX_MS).unwrap();
        let expected = Failures { of_username: 1, from_source: 12, in_all: 12, known_source: false };
        assert_eq!(failures, expected, "a source past its free failures is not known, success or not");
    }

    #[test]
    fn only_the_free_failures_and_powers_of_two_are_noteworthy() {
        let written: Vec<u32> = (1..=100)
            .filter(|&n| Failures { of_username: n, from_source: 1, in_all: 1, known_source: false }.noteworthy())
            .collect();
        assert_eq!(written, [1, 2, 3, 4, 8, 16, 32, 64]);
        let written = (1..=1100)
            .filter(|&n| Failures { of_username: 1, from_source: 1, in_all: n, known_source: false }.noteworthy());
        assert_eq!(written.count(), 100 + 4, "the first 100 of the service, then 128, 256, 512 and 1024");
    }

    #[test]
    fn a_flood_for_one_username_holds_back_the_sources_that_failed_not_its_owner() {
        let mut throttle = LoginThrottle::default();
        let mut refused = 0;
        for round in 0..20 {
            for i in 0..50 {
                refused += usize::from(wait(&mut throttle, &format!("10.2.0.{i}"), "admin", round * 100).is_err());
            }
        }
        assert!(refused > 0, "the flooding sources are refused once their turns lie far ahead");
        let held = wait(&mut throttle, "10.0.0.1", "admin", 2_000).expect("the owner is not refused");
        assert!(held <= CLEAN_WAIT_MAX_MS, "the owner waits a moment at most: {held}");
        for _ in 0..USERNAME_FREE_FAILURES {
            wait(&mut throttle, "10.0.0.1", "admin", 2_000).expect("a few typing errors are not refused");
        }
        assert!(wait(&mut throttle, "10.0.0.1", "admin", 2_000).is_err(), "then this source waits in the queue too");
    }

    #[test]
    fn a_source_that_signed_in_goes_first_until_it_fails_much() {
        let mut throttle = LoginThrottle::default();
        let mut tries = 0;
        let mut rank = |throttle: &mut LoginThrottle, source: &str| {
            tries += 1;
            throttle.admit(source, &format!("nama{tries}"), 1000).unwrap().1.rank()
        };
        assert_eq!(rank(&mut throttle, "10.0.0.1"), 1, "a new source ranks by its failures");
        throttle.succeeded("10.0.0.1", "nama1", 1000);
        assert_eq!(rank(&mut throttle, "10.0.0.1"), 0, "a source that signed in goes first");
        for _ in 0..SOURCE_FREE_FAILURES - 1 {
            rank(&mut throttle, "10.0.0.1");
        }
        assert_eq!(rank(&mut throttle, "10.0.0.1"), SOURCE_FREE_FAILURES + 1, "not while it floods");
    }

    #[test]
    fn an_ipv6_host_is_its_network() {
        let key = |text: &str| source_key(text.parse().unwrap());
        assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:bbbb::9"));
        assert_eq!(key("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_eq!(key("::ffff:10.0.0.5"), "10.0.0.5");
    }

    #[test]
    fn tracking_stays_bounded() {
        let mut throttle = LoginThrottle::default();
        for i in 0..TRACKED_MAX + 50 {
            throttle.admit(&format!("s{i}"), &format!("u{i}"), i as i64).unwrap();
        }
        assert_eq!(throttle.sources.records.len(), TRACKED_MAX);
        assert!(!throttle.usernames.records.contains_key("u0"), "the oldest went first");
    }
}
