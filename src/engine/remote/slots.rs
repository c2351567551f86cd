//! llama-server's slots: which article is on which slot, and one request per slot at a time.
//!
//! A slot keeps the KV cache of the last prompt it ran, so an article's requests go to one
//! slot while any of them is waiting or in flight (they then reuse the article's context
//! instead of recomputing it). A new article takes the slot with the fewest articles on it,
//! not a hash of its text: two articles hashed to one slot would queue behind each other while
//! another slot idles. Requests wait here, not in the server's queue, so a request waiting for
//! its slot does not hold one of the engine's concurrency passes.

use crate::engine::Request;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Condvar, Mutex};

/// The article a request belongs to: a hash of its shared prefix; `None` when nothing is
/// shared (the request is then not pinned, and llama-server picks the slot whose cache matches
/// its prompt best).
pub(super) fn prefix_hash(request: &Request) -> Option<u64> {
    if request.shared == 0 {
        return None;
    }
    let mut h = DefaultHasher::new();
    for m in request.prefix() {
        (m.role.as_str(), &m.content).hash(&mut h);
    }
    Some(h.finish())
}

#[derive(Default)]
struct State {
    /// A request is in flight on slot `k`.
    busy: Vec<bool>,
    /// Articles with requests waiting or in flight, per slot.
    articles: Vec<usize>,
    /// Article (prefix hash) → its slot and its requests waiting or in flight.
    home: HashMap<u64, (usize, usize)>,
}

/// The slots of one server.
pub(super) struct Slots {
    state: Mutex<State>,
    freed: Condvar,
}

/// Leave to send one request on a slot; dropping it frees the slot.
pub(super) struct SlotPass<'a> {
    slots: &'a Slots,
    prefix: u64,
    /// The slot to send to (`id_slot`).
    pub slot: usize,
}

impl Slots {
    /// `n` slots, all free.
    pub fn new(n: usize) -> Self {
        Slots {
            state: Mutex::new(State {
                busy: vec![false; n.max(1)],
                articles: vec![0; n.max(1)],
                home: HashMap::new(),
            }),
            freed: Condvar::new(),
        }
    }

    /// Waits until the slot of `prefix`'s article is free and takes it.
    pub fn enter(&self, prefix: u64) -> SlotPass<'_> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let slot = match st.home.get_mut(&prefix) {
            Some((slot, waiting)) => {
                *waiting += 1;
                *slot
            }
            None => {
                let least = (0..st.articles.len())
                    .min_by_key(|&k| (st.articles[k], st.busy[k]))
                    .unwrap_or(0);
                st.articles[least] += 1;
                st.home.insert(prefix, (least, 1));
                least
            }
        };
        while st.busy[slot] {
            st = self.freed.wait(st).unwrap_or_else(|e| e.into_inner());
        }
        st.busy[slot] = true;
        SlotPass {
            slots: self,
            prefix,
            slot,
        }
    }
}

impl Drop for SlotPass<'_> {
    fn drop(&mut self) {
        let mut st = self.slots.state.lock().unwrap_or_else(|e| e.into_inner());
        st.busy[self.slot] = false;
        if let Some((slot, waiting)) = st.home.get_mut(&self.prefix) {
            *waiting -= 1;
            if *waiting == 0 {
                let slot = *slot;
                st.home.remove(&self.prefix);
                st.articles[slot] -= 1;
            }
        }
        drop(st);
        self.slots.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Message;

    fn ask(article: &str, q: &str) -> Request {
        let prefix = vec![Message::system("Translator."), Message::user(article)];
        let mut chat = prefix.clone();
        chat.push(Message::user(q));
        Request::chat(chat).with_shared_prefix(prefix.len())
    }

    #[test]
    fn an_article_is_one_prefix() {
        let a = prefix_hash(&ask("Article A.", "Translate [p1.s1]."));
        assert_eq!(a, prefix_hash(&ask("Article A.", "Summarize.")));
        assert_ne!(a, prefix_hash(&ask("Article B.", "Summarize.")));
        let alone = Request::chat(vec![Message::system("Translator."), Message::user("X")]);
        assert_eq!(prefix_hash(&alone), None, "nothing shared: not pinned");
    }

    #[test]
    fn articles_in_flight_spread_over_slots_and_stay_on_theirs() {
        let slots = Slots::new(2);
        let a = slots.enter(1);
        let b = slots.enter(2);
        assert_ne!(a.slot, b.slot, "a second article takes the free slot");
        let (sa, sb) = (a.slot, b.slot);
        drop(b);
        // Article 1 still in flight: its next request waits for its own slot.
        let done = std::thread::scope(|s| {
            let t = s.spawn(|| slots.enter(1).slot);
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert!(!t.is_finished(), "two requests on one slot");
            drop(a);
            t.join().unwrap()
        });
        assert_eq!(done, sa);
        // Everything finished: a new article may take any slot, starting with the first.
        assert_eq!(slots.enter(3).slot, sa.min(sb));
    }
}
