//! Sign-in throttling: repeated failures lock a username for a while, and failures
//! across all usernames are bounded, so passwords cannot be guessed at speed and argon2
//! cannot be made to burn the laptop's two cores.

use std::collections::HashMap;

/// Failures of one username within the window that lock it.
pub const FAILURES_TO_LOCK: usize = 5;
/// How far back failures count, and how long a lock lasts.
pub const WINDOW_SECONDS: i64 = 15 * 60;
/// Failures of all usernames together in a minute before every sign-in waits.
pub const GLOBAL_FAILURES_PER_MINUTE: usize = 60;

#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: HashMap<String, Vec<i64>>,
    locked_until: HashMap<String, i64>,
    recent: Vec<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// Seconds from now until a sign-in may be tried again.
    pub retry_after_seconds: i64,
    /// Whether this username is locked (rather than everyone slowed down).
    pub locked: bool,
}

impl LoginThrottle {
    /// Whether a sign-in for `username` may be tried at `now` (Unix seconds).
    pub fn check(&mut self, username: &str, now: i64) -> Result<(), Refused> {
        if let Some(until) = self.locked_until.get(username).copied() {
            if until > now {
                return Err(Refused { retry_after_seconds: until - now, locked: true });
            }
            self.locked_until.remove(username);
        }
        self.recent.retain(|at| now - at < 60);
        if self.recent.len() >= GLOBAL_FAILURES_PER_MINUTE {
            return Err(Refused { retry_after_seconds: 60 - (now - self.recent[0]), locked: false });
        }
        Ok(())
    }

    /// A wrong password: counts toward the username's lock and the global budget.
    /// Returns whether the username is now locked.
    pub fn failed(&mut self, username: &str, now: i64) -> bool {
        self.recent.push(now);
        // Forget idle usernames so the map stays small.
        self.failures.retain(|_, times| times.last().is_some_and(|last| now - last < WINDOW_SECONDS));
        let times = self.failures.entry(username.to_string()).or_default();
        times.retain(|at| now - at < WINDOW_SECONDS);
        times.push(now);
        if times.len() >= FAILURES_TO_LOCK {
            self.failures.remove(username);
            self.locked_until.insert(username.to_string(), now + WINDOW_SECONDS);
            return true;
        }
        false
    }

    /// A good password clears the username's failures.
    pub fn succeeded(&mut self, username: &str) {
        self.failures.remove(username);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_a_username_for_fifteen_minutes_only() {
        let mut throttle = LoginThrottle::default();
        for i in 0..4 {
            assert!(throttle.check("siti", 1000 + i).is_ok());
            assert!(!throttle.failed("siti", 1000 + i));
        }
        assert!(throttle.failed("siti", 1004), "the fifth failure locks");
        let refused = throttle.check("siti", 1005).unwrap_err();
        assert_eq!(refused, Refused { retry_after_seconds: WINDOW_SECONDS - 1, locked: true });
        assert!(throttle.check("budi", 1005).is_ok(), "another username is not locked");
        assert!(throttle.check("siti", 1004 + WINDOW_SECONDS).is_ok(), "the lock ends");
    }

    #[test]
    fn old_failures_and_a_success_do_not_count() {
        let mut throttle = LoginThrottle::default();
        for i in 0..4 {
            throttle.failed("siti", i);
        }
        assert!(!throttle.failed("siti", WINDOW_SECONDS + 10), "failures older than the window are forgotten");
        throttle.succeeded("siti");
        for i in 0..4 {
            assert!(!throttle.failed("siti", WINDOW_SECONDS + 20 + i));
        }
    }

    #[test]
    fn many_failures_across_usernames_slow_everyone_down() {
        let mut throttle = LoginThrottle::default();
        for i in 0..GLOBAL_FAILURES_PER_MINUTE {
            throttle.failed(&format!("tebak{i}"), 500);
        }
        assert_eq!(throttle.check("admin", 530), Err(Refused { retry_after_seconds: 30, locked: false }));
        assert!(throttle.check("admin", 560).is_ok());
    }
}
