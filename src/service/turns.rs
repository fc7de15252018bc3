//! Argon2 runs, a few at a time, handed out lowest rank first: a sign-in from an address
//! that has not failed goes before the guesses of one that has, so a flood of wrong
//! passwords queues behind the owner of a login instead of in front of them.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

#[derive(Debug)]
pub(crate) struct Turns {
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    free: usize,
    /// Waiting attempts by (rank, arrival).
    waiting: BTreeMap<(u32, u64), oneshot::Sender<()>>,
    arrivals: u64,
}

/// A run in progress; dropping it hands the run to the next waiting attempt.
pub(crate) struct Turn(Arc<Turns>);

impl Drop for Turn {
    fn drop(&mut self) {
        let mut state = self.0.state.lock().expect("turns lock");
        while let Some((_, next)) = state.waiting.pop_first() {
            if next.send(()).is_ok() {
                return;
            }
        }
        state.free += 1;
    }
}

/// An attempt still waiting; if it is given up after its turn was handed to it, the
/// turn goes on to the next.
struct Waiting {
    turn: Option<oneshot::Receiver<()>>,
    turns: Arc<Turns>,
}

impl Drop for Waiting {
    fn drop(&mut self) {
        if let Some(mut turn) = self.turn.take() {
            turn.close();
            if turn.try_recv().is_ok() {
                drop(Turn(self.turns.clone()));
            }
        }
    }
}

impl Turns {
    pub(crate) fn new(at_once: usize) -> Arc<Turns> {
        let state = State { free: at_once.max(1), waiting: BTreeMap::new(), arrivals: 0 };
        Arc::new(Turns { state: Mutex::new(state) })
    }

    /// Waits for a run; lower ranks go first, equal ranks in order of arrival.
    pub(crate) async fn take(self: &Arc<Self>, rank: u32) -> Turn {
        let receiver = {
            let mut state = self.state.lock().expect("turns lock");
            if state.free > 0 {
                state.free -= 1;
                return Turn(self.clone());
            }
            let (sender, receiver) = oneshot::channel();
            state.arrivals += 1;
            let arrival = state.arrivals;
            state.waiting.insert((rank, arrival), sender);
            receiver
        };
        let mut waiting = Waiting { turn: Some(receiver), turns: self.clone() };
        let handed = waiting.turn.as_mut().expect("set above").await;
        waiting.turn = None;
        handed.expect("a waiting sender is only dropped after sending");
        Turn(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn settle() {
        for _ in 0..5 {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test]
    async fn lower_ranks_go_first_and_a_given_up_turn_is_passed_on() {
        let turns = Turns::new(1);
        let running = turns.take(0).await;
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut waiters = Vec::new();
        for (name, rank) in [("guess-a", 5), ("gone", 0), ("guess-b", 5), ("owner", 0)] {
            let (turns, order) = (turns.clone(), order.clone());
            waiters.push(tokio::spawn(async move {
                let _turn = turns.take(rank).await;
                order.lock().unwrap().push(name);
            }));
            settle().await;
        }
        waiters.remove(1).abort();
        settle().await;
        drop(running);
        for waiter in waiters {
            waiter.await.unwrap();
        }
        assert_eq!(*order.lock().unwrap(), ["owner", "guess-a", "guess-b"]);
        let _one = turns.take(9).await;
    }
}
