//! The shared prefixes kept in the KV cache: which prefix sequence holds which article's
//! context, which are still being computed, and which one gives up its place to a new one.
//!
//! Requests name their shared prefix explicitly ([`Request::shared`](crate::engine::Request));
//! nothing here guesses it from common tokens. A prefix is matched by its exact tokens.

/// One prefix sequence of the context.
#[derive(Debug)]
pub(super) struct Entry<T> {
    /// The llama.cpp sequence id that holds it.
    pub seq: i32,
    /// The prefix's tokens (empty: the place is free).
    pub tokens: Vec<T>,
    /// How many of them are in the KV cache (`tokens.len()` once ready).
    pub computed: usize,
    /// Leading tokens kept from the prefix this place held before (not computed for this one).
    pub reused: usize,
    /// Whether a request has been charged with computing it (the first one admitted after it).
    pub charged: bool,
    /// When it was last asked for, for choosing what to evict.
    last_used: u64,
}

impl<T> Entry<T> {
    /// Whether the whole prefix is in the KV cache.
    pub fn ready(&self) -> bool {
        self.computed == self.tokens.len()
    }
}

/// What [`PrefixCache::lookup`] found for a prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lookup {
    /// Ready in entry `i`: copy it into the request's sequence.
    Ready(usize),
    /// Being computed: the request waits.
    Computing,
    /// Entry `i` now holds the prefix, of which the first `keep` tokens were already there
    /// (left by the evicted prefix); compute the rest.
    Start { entry: usize, keep: usize },
    /// Every place holds a prefix still being computed: the request waits.
    Full,
}

/// A fixed number of prefix places, each a sequence id.
#[derive(Debug)]
pub(super) struct PrefixCache<T> {
    entries: Vec<Entry<T>>,
    tick: u64,
}

impl<T: PartialEq + Clone> PrefixCache<T> {
    /// Places on the given sequence ids, all free.
    pub fn new(seqs: impl IntoIterator<Item = i32>) -> Self {
        let entries = seqs
            .into_iter()
            .map(|seq| Entry {
                seq,
                tokens: Vec::new(),
                computed: 0,
                reused: 0,
                charged: false,
                last_used: 0,
            })
            .collect();
        PrefixCache { entries, tick: 0 }
    }

    /// Finds `prefix`, or gives it the place of a free or least recently used ready prefix.
    pub fn lookup(&mut self, prefix: &[T]) -> Lookup {
        self.tick += 1;
        if let Some(i) = self.entries.iter().position(|e| e.tokens == prefix) {
            let e = &mut self.entries[i];
            e.last_used = self.tick;
            return if e.ready() {
                Lookup::Ready(i)
            } else {
                Lookup::Computing
            };
        }
        let victim = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.ready())
            .min_by_key(|(_, e)| (!e.tokens.is_empty(), e.last_used))
            .map(|(i, _)| i);
        let Some(i) = victim else {
            return Lookup::Full;
        };
        let e = &mut self.entries[i];
        let keep = common_prefix(&e.tokens, prefix);
        e.tokens = prefix.to_vec();
        e.computed = keep;
        e.reused = keep;
        e.charged = false;
        e.last_used = self.tick;
        Lookup::Start { entry: i, keep }
    }

    /// The entries, for computing and copying.
    pub fn entries(&self) -> &[Entry<T>] {
        &self.entries
    }

    /// Mutable access to entry `i`.
    pub fn entry_mut(&mut self, i: usize) -> &mut Entry<T> {
        &mut self.entries[i]
    }

    /// Forgets every prefix (after a failed decode left the cache in doubt).
    pub fn clear(&mut self) {
        for e in &mut self.entries {
            e.tokens.clear();
            e.computed = 0;
            e.reused = 0;
            e.charged = false;
        }
    }
}

/// Length of the longest common prefix of `a` and `b`.
fn common_prefix<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compute(cache: &mut PrefixCache<u32>, i: usize) {
        let e = cache.entry_mut(i);
        e.computed = e.tokens.len();
    }

    #[test]
    fn a_prefix_is_computed_once_then_shared() {
        let mut cache = PrefixCache::new([4, 5]);
        let a = [1, 2, 3];
        assert_eq!(cache.lookup(&a), Lookup::Start { entry: 0, keep: 0 });
        assert_eq!(cache.entries()[0].seq, 4);
        // A second request for the same article waits while it is computed...
        assert_eq!(cache.lookup(&a), Lookup::Computing);
        compute(&mut cache, 0);
        // ...then shares it.
        assert_eq!(cache.lookup(&a), Lookup::Ready(0));
        assert_eq!(cache.lookup(&a), Lookup::Ready(0));
    }

    #[test]
    fn two_articles_in_flight_keep_their_own_places() {
        let mut cache = PrefixCache::new([4, 5]);
        let (a, b) = ([1, 2, 3], [1, 2, 9]);
        assert_eq!(cache.lookup(&a), Lookup::Start { entry: 0, keep: 0 });
        // The free place goes first, even though the busy one shares two tokens.
        assert_eq!(cache.lookup(&b), Lookup::Start { entry: 1, keep: 0 });
        compute(&mut cache, 0);
        compute(&mut cache, 1);
        for _ in 0..3 {
            assert_eq!(cache.lookup(&a), Lookup::Ready(0));
            assert_eq!(cache.lookup(&b), Lookup::Ready(1));
        }
    }

    #[test]
    fn the_least_recently_used_ready_prefix_is_evicted_keeping_what_it_shares() {
        let mut cache = PrefixCache::new([4, 5]);
        let (a, b, c) = ([1, 2, 3], [7, 8], [1, 2, 6, 6]);
        cache.lookup(&a);
        cache.lookup(&b);
        compute(&mut cache, 0);
        compute(&mut cache, 1);
        assert_eq!(cache.lookup(&b), Lookup::Ready(1));
        // `a` was used longest ago: `c` takes its place and keeps the two tokens they share.
        assert_eq!(cache.lookup(&c), Lookup::Start { entry: 0, keep: 2 });
        assert_eq!(cache.entries()[0].computed, 2);
        assert!(!cache.entries()[0].charged);
        assert_eq!(cache.lookup(&b), Lookup::Ready(1));
    }

    #[test]
    fn nothing_is_evicted_while_being_computed() {
        let mut cache = PrefixCache::new([4]);
        cache.lookup(&[1, 2]);
        assert_eq!(cache.lookup(&[3, 4]), Lookup::Full);
        compute(&mut cache, 0);
        assert_eq!(cache.lookup(&[3, 4]), Lookup::Start { entry: 0, keep: 0 });
        cache.clear();
        assert_eq!(cache.lookup(&[3, 4]), Lookup::Start { entry: 0, keep: 0 });
    }
}
