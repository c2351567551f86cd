//! The decode thread: owns the llama.cpp context and schedules requests continuously. Each
//! request is admitted into a free sequence as soon as one is free and its shared prefix is in
//! the KV cache, whatever call it came from, so an article's summary and translations, another
//! article's segments and a lone repair all decode side by side. Shared prefixes (an article's
//! context) are computed once into prefix sequences of their own, alongside the decoding, and
//! copied (cells shared, not duplicated) into each request's sequence.

use super::prefix::{Lookup, PrefixCache};
use crate::engine::{Error, Finish, GenParams, Timings};
use llama_cpp_2::context::LlamaContext;
use llama_cpp_2::llama_batch::LlamaBatch;
use llama_cpp_2::model::LlamaModel;
use llama_cpp_2::sampling::LlamaSampler;
use llama_cpp_2::token::LlamaToken;
use std::collections::VecDeque;
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

/// Where a request's outcome goes: its index in the call, and the result.
pub(super) type Reply = mpsc::Sender<(usize, Result<Outcome, Error>)>;

/// One request, tokenized.
pub(super) struct Job {
    /// The shared prefix (empty: none).
    pub prefix: Vec<LlamaToken>,
    /// The rest of the prompt, at least one token.
    pub suffix: Vec<LlamaToken>,
    /// Resolved settings.
    pub params: Arc<GenParams>,
    /// Position of the request in its call.
    pub index: usize,
    /// Where the outcome goes.
    pub reply: Reply,
}

/// What the worker produced for one request.
pub(super) struct Outcome {
    pub bytes: Vec<u8>,
    pub prompt_tokens: usize,
    pub cached_tokens: usize,
    pub generated_tokens: usize,
    pub finish: Finish,
    pub timings: Timings,
}

/// Fixed shape of the worker's context.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shape {
    /// Request sequences decoded together: ids `0..sequences`.
    pub sequences: usize,
    /// Prefix sequences: ids `sequences..sequences + prefixes`.
    pub prefixes: usize,
    /// Most positions per sequence.
    pub context_length: usize,
    /// Most tokens per decode call.
    pub batch_size: usize,
}

struct Slot {
    job: Job,
    seq: i32,
    /// Next suffix token to decode; `job.suffix.len()` once the prompt is in.
    next: usize,
    pos: i32,
    last: Option<LlamaToken>,
    logits: Option<i32>,
    sampler: LlamaSampler,
    bytes: Vec<u8>,
    generated: usize,
    cached: usize,
    /// Time spent computing the shared prefix, for the request charged with it.
    prefix_time: Duration,
    admitted: Instant,
    first_token: Option<Instant>,
}

/// The worker's state.
pub(super) struct Worker<'m> {
    model: &'m LlamaModel,
    ctx: LlamaContext<'m>,
    batch: LlamaBatch<'static>,
    shape: Shape,
    prefixes: PrefixCache<LlamaToken>,
    /// When each prefix place started computing its current prefix.
    prefix_started: Vec<Option<Instant>>,
    queue: VecDeque<Job>,
    active: Vec<Slot>,
    free: Vec<i32>,
    /// `VIBRIEF_TRACE_DECODE` set: one line per decode on standard error.
    trace: bool,
}

impl<'m> Worker<'m> {
    /// A worker over a fresh context.
    pub fn new(model: &'m LlamaModel, ctx: LlamaContext<'m>, shape: Shape) -> Self {
        let first_prefix = shape.sequences as i32;
        Worker {
            model,
            ctx,
            batch: LlamaBatch::new(shape.batch_size, 1),
            shape,
            prefixes: PrefixCache::new(first_prefix..first_prefix + shape.prefixes as i32),
            prefix_started: vec![None; shape.prefixes],
            queue: VecDeque::new(),
            active: Vec::new(),
            free: (0..shape.sequences as i32).rev().collect(),
            trace: std::env::var_os("VIBRIEF_TRACE_DECODE").is_some(),
        }
    }

    /// Serves jobs until every sender is gone and the work in hand is done.
    pub fn serve(&mut self, jobs: mpsc::Receiver<Job>) {
        loop {
            if self.active.is_empty() && self.queue.is_empty() {
                match jobs.recv() {
                    Ok(job) => self.queue.push_back(job),
                    Err(_) => return,
                }
            }
            self.queue.extend(jobs.try_iter());
            if let Err(e) = self.step() {
                self.fail_all(&e);
            }
        }
    }

    /// Admits what can be admitted, decodes one batch, and finishes what ended.
    fn step(&mut self) -> Result<(), Error> {
        self.admit()?;
        if !self.fill_batch()? {
            return Ok(());
        }
        let start = Instant::now();
        self.ctx
            .decode(&mut self.batch)
            .map_err(|e| Error::Generate(format!("decode: {e}")))?;
        if self.trace {
            let generating = self.active.iter().filter(|s| s.last.is_some()).count();
            eprintln!(
                "vibrief-llama: decode {} tokens ({generating} generating, {} active) in {:.1} ms",
                self.batch.n_tokens(),
                self.active.len(),
                start.elapsed().as_secs_f64() * 1e3
            );
        }
        self.after_decode();
        Ok(())
    }

    /// Moves queued jobs into free sequences, in arrival order. A job's prefix starts being
    /// computed as soon as it is queued, even while every sequence is busy; a job whose prefix
    /// is not ready yet waits without holding up the jobs behind it.
    fn admit(&mut self) -> Result<(), Error> {
        let mut waiting = VecDeque::new();
        while let Some(job) = self.queue.pop_front() {
            let (shared, cached, prefix_time) = if job.prefix.is_empty() {
                (0, 0, Duration::ZERO)
            } else {
                match self.prefixes.lookup(&job.prefix) {
                    Lookup::Ready(i) if !self.free.is_empty() => {
                        let e = self.prefixes.entry_mut(i);
                        let (seq, len) = (e.seq, e.tokens.len());
                        // The first request admitted is charged with computing the prefix.
                        let cached = if std::mem::replace(&mut e.charged, true) {
                            len
                        } else {
                            e.reused
                        };
                        let time = self.prefix_started[i]
                            .take()
                            .map_or(Duration::ZERO, |t| t.elapsed());
                        self.copy_prefix(seq, len)?;
                        (len, cached, time)
                    }
                    Lookup::Start { entry, keep } => {
                        let seq = self.prefixes.entries()[entry].seq;
                        self.ctx
                            .kv_cache_seq_rm(seq, Some(keep as u32), None)
                            .map_err(|e| Error::Generate(format!("drop prefix: {e}")))?;
                        self.prefix_started[entry] = Some(Instant::now());
                        waiting.push_back(job);
                        continue;
                    }
                    _ => {
                        waiting.push_back(job);
                        continue;
                    }
                }
            };
            let Some(seq) = self.free.pop() else {
                waiting.push_back(job);
                continue;
            };
            self.start_slot(job, seq, shared, cached, prefix_time);
        }
        self.queue = waiting;
        Ok(())
    }

    /// Makes the free sequence about to be used share the prefix held by `prefix_seq`.
    fn copy_prefix(&mut self, prefix_seq: i32, len: usize) -> Result<(), Error> {
        let seq = *self.free.last().expect("a free sequence");
        self.ctx
            .clear_kv_cache_seq(Some(seq as u32), None, None)
            .ok();
        self.ctx
            .copy_kv_cache_seq(prefix_seq, seq, Some(0), Some(len as u32))
            .map_err(|e| Error::Generate(format!("copy prefix: {e}")))
    }

    fn start_slot(
        &mut self,
        job: Job,
        seq: i32,
        shared: usize,
        cached: usize,
        prefix_time: Duration,
    ) {
        if shared == 0 {
            self.ctx
                .clear_kv_cache_seq(Some(seq as u32), None, None)
                .ok();
        }
        let params = &job.params;
        let sampler = if params.is_greedy() {
            LlamaSampler::greedy()
        } else {
            let seed = params.seed.wrapping_add(job.index as u64) as u32;
            LlamaSampler::chain_simple([
                LlamaSampler::temp(params.temperature),
                LlamaSampler::dist(seed),
            ])
        };
        self.active.push(Slot {
            job,
            seq,
            next: 0,
            pos: shared as i32,
            last: None,
            logits: None,
            sampler,
            bytes: Vec::new(),
            generated: 0,
            cached,
            prefix_time,
            admitted: Instant::now(),
            first_token: None,
        });
    }
}

impl Worker<'_> {
    /// Fills the batch: each generating sequence's next token first, then prompt tokens of
    /// admitted requests, then chunks of prefixes being computed. False when there is nothing.
    fn fill_batch(&mut self) -> Result<bool, Error> {
        self.batch.clear();
        for slot in self.active.iter_mut() {
            slot.logits = None;
            if let Some(t) = slot.last {
                self.batch
                    .add(t, slot.pos, &[slot.seq], true)
                    .map_err(batch_err)?;
                slot.logits = Some(self.batch.n_tokens() - 1);
                slot.pos += 1;
            }
        }
        for slot in self.active.iter_mut() {
            let left = slot.job.suffix.len() - slot.next;
            let room = self.shape.batch_size - self.batch.n_tokens() as usize;
            let take = room.min(left);
            for _ in 0..take {
                let last = slot.next + 1 == slot.job.suffix.len();
                self.batch
                    .add(slot.job.suffix[slot.next], slot.pos, &[slot.seq], last)
                    .map_err(batch_err)?;
                if last {
                    slot.logits = Some(self.batch.n_tokens() - 1);
                }
                slot.next += 1;
                slot.pos += 1;
            }
        }
        for i in 0..self.shape.prefixes {
            let e = &self.prefixes.entries()[i];
            let room = self.shape.batch_size - self.batch.n_tokens() as usize;
            let take = room.min(e.tokens.len() - e.computed);
            for (pos, &t) in (e.computed..e.computed + take).zip(&e.tokens[e.computed..]) {
                self.batch
                    .add(t, pos as i32, &[e.seq], false)
                    .map_err(batch_err)?;
            }
            self.prefixes.entry_mut(i).computed += take;
        }
        Ok(self.batch.n_tokens() > 0)
    }

    /// Samples every sequence the batch gave logits to and finishes those that ended.
    fn after_decode(&mut self) {
        let mut i = 0;
        while i < self.active.len() {
            match self.sample(i) {
                Some(finish) => {
                    let slot = self.active.swap_remove(i);
                    self.ctx
                        .clear_kv_cache_seq(Some(slot.seq as u32), None, None)
                        .ok();
                    self.free.push(slot.seq);
                    let (index, reply) = (slot.job.index, slot.job.reply.clone());
                    reply.send((index, Ok(outcome(slot, finish)))).ok();
                }
                None => i += 1,
            }
        }
    }

    /// Samples slot `i`'s next token if the batch gave it logits; returns why it ended, if it did.
    fn sample(&mut self, i: usize) -> Option<Finish> {
        let slot = &mut self.active[i];
        let idx = slot.logits?;
        let params = Arc::clone(&slot.job.params);
        if params.max_tokens == 0 {
            return Some(Finish::Length);
        }
        let token = slot.sampler.sample(&self.ctx, idx);
        slot.first_token.get_or_insert_with(Instant::now);
        let vocab = self.model.vocab();
        if vocab.is_eog(token) {
            return Some(Finish::End);
        }
        let before = slot.bytes.len();
        vocab.token_to_piece_into(token, &mut slot.bytes, false, None);
        slot.generated += 1;
        if let Some(at) = find_stop(&slot.bytes, before, &params.stop) {
            slot.bytes.truncate(at);
            return Some(Finish::Stop);
        }
        if slot.generated >= params.max_tokens || slot.pos as usize >= self.shape.context_length {
            return Some(Finish::Length);
        }
        slot.last = Some(token);
        None
    }

    /// After a failed decode: every request in hand gets the error, and the KV cache starts
    /// anew (what the failed call left in it is in doubt).
    fn fail_all(&mut self, e: &Error) {
        let message = e.to_string();
        for slot in self.active.drain(..) {
            let err = Error::Generate(message.clone());
            slot.job.reply.send((slot.job.index, Err(err))).ok();
        }
        for job in self.queue.drain(..) {
            let err = Error::Generate(message.clone());
            job.reply.send((job.index, Err(err))).ok();
        }
        self.ctx.clear_kv_cache();
        self.prefixes.clear();
        self.prefix_started.iter_mut().for_each(|t| *t = None);
        self.free = (0..self.shape.sequences as i32).rev().collect();
    }
}

fn batch_err(e: llama_cpp_2::llama_batch::BatchAddError) -> Error {
    Error::Generate(format!("batch: {e}"))
}

fn outcome(slot: Slot, finish: Finish) -> Outcome {
    let end = Instant::now();
    let first = slot.first_token.unwrap_or(end);
    Outcome {
        bytes: slot.bytes,
        prompt_tokens: slot.job.prefix.len() + slot.job.suffix.len(),
        cached_tokens: slot.cached,
        generated_tokens: slot.generated,
        finish,
        timings: Timings {
            prompt: slot.prefix_time + (first - slot.admitted),
            generation: end - first,
        },
    }
}

/// Byte offset of the earliest stop string that ends after `since` (new text only).
fn find_stop(bytes: &[u8], since: usize, stop: &[String]) -> Option<usize> {
    stop.iter()
        .filter(|s| !s.is_empty())
        .filter_map(|s| {
            let s = s.as_bytes();
            let from = since.saturating_sub(s.len() - 1);
            bytes[from..]
                .windows(s.len())
                .position(|w| w == s)
                .map(|p| p + from)
        })
        .min()
}

#[cfg(test)]
mod tests {
    use super::find_stop;

    #[test]
    fn stop_strings_spanning_tokens_are_found() {
        let stop = vec!["\n\n".to_string(), "END".to_string()];
        assert_eq!(find_stop(b"abc\n", 3, &stop), None);
        assert_eq!(find_stop(b"abc\n\n", 4, &stop), Some(3));
        assert_eq!(find_stop(b"xEN", 2, &stop), None);
        assert_eq!(find_stop(b"xEND", 2, &stop), Some(1));
        assert_eq!(find_stop(b"xENDyEND", 7, &stop), Some(5));
        assert_eq!(find_stop(b"abc", 0, &[String::new()]), None);
    }
}
