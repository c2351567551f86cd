//! The decode thread: owns the llama.cpp context and runs batches of prompts through it,
//! several sequences at a time, reusing the KV cache of a shared prompt prefix.

use super::prefix;
use crate::engine::{Error, Finish, GenParams, Timings};
use llama_cpp_2::context::LlamaContext;
use llama_cpp_2::llama_batch::LlamaBatch;
use llama_cpp_2::model::LlamaModel;
use llama_cpp_2::sampling::LlamaSampler;
use llama_cpp_2::token::LlamaToken;
use std::time::Instant;

/// One batch call, tokenized.
pub(super) struct Job {
    /// Prompt tokens per request.
    pub prompts: Vec<Vec<LlamaToken>>,
    /// Resolved settings.
    pub params: GenParams,
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
    /// Sequences decoded together; sequence id `sequences` holds the cached prefix.
    pub sequences: usize,
    /// Most positions per sequence.
    pub context_length: usize,
    /// Most tokens per decode call.
    pub batch_size: usize,
    /// Shortest shared prefix worth computing once.
    pub min_shared_prefix: usize,
}

/// The worker's state kept between jobs.
pub(super) struct Worker<'m> {
    model: &'m LlamaModel,
    ctx: LlamaContext<'m>,
    batch: LlamaBatch<'static>,
    shape: Shape,
    /// Tokens held in the prefix sequence, positions `0..cached.len()`.
    cached: Vec<LlamaToken>,
}

struct Slot {
    request: usize,
    seq: i32,
    prompt: Vec<LlamaToken>,
    /// Next prompt token to decode; `prompt.len()` once the prompt is in.
    next: usize,
    pos: i32,
    last: Option<LlamaToken>,
    logits: Option<i32>,
    sampler: LlamaSampler,
    bytes: Vec<u8>,
    generated: usize,
    cached: usize,
    admitted: Instant,
    first_token: Option<Instant>,
}

impl<'m> Worker<'m> {
    /// A worker over a fresh context.
    pub fn new(model: &'m LlamaModel, ctx: LlamaContext<'m>, shape: Shape) -> Self {
        let batch = LlamaBatch::new(shape.batch_size, 1);
        Worker {
            model,
            ctx,
            batch,
            shape,
            cached: Vec::new(),
        }
    }

    fn prefix_seq(&self) -> i32 {
        self.shape.sequences as i32
    }

    /// Runs one job to the end.
    pub fn run(&mut self, job: &Job) -> Result<Vec<Outcome>, Error> {
        let refs: Vec<&[LlamaToken]> = job.prompts.iter().map(Vec::as_slice).collect();
        let plan = prefix::plan(&self.cached, &refs, self.shape.min_shared_prefix);
        let result = self.run_planned(job, plan);
        // Free every request's cells, whatever happened; keep the prefix.
        for seq in 0..self.shape.sequences as i32 {
            self.ctx
                .clear_kv_cache_seq(Some(seq as u32), None, None)
                .ok();
        }
        if result.is_err() {
            self.forget_prefix();
        }
        result
    }

    fn forget_prefix(&mut self) {
        self.ctx
            .clear_kv_cache_seq(Some(self.prefix_seq() as u32), None, None)
            .ok();
        self.cached.clear();
    }

    fn run_planned(&mut self, job: &Job, plan: prefix::PrefixPlan) -> Result<Vec<Outcome>, Error> {
        if plan.shared == 0 {
            self.forget_prefix();
        } else {
            self.compute_prefix(&job.prompts[0][..plan.shared], plan.reuse)?;
        }
        let n = job.prompts.len();
        let mut out: Vec<Option<Outcome>> = (0..n).map(|_| None).collect();
        let mut free: Vec<i32> = (0..self.shape.sequences as i32).rev().collect();
        let mut active: Vec<Slot> = Vec::new();
        let mut next_request = 0;
        loop {
            while next_request < n && !free.is_empty() {
                let seq = free.pop().expect("checked non-empty");
                let slot = self.admit(job, next_request, seq, plan.shared)?;
                active.push(slot);
                next_request += 1;
            }
            if active.is_empty() {
                break;
            }
            self.fill_batch(&mut active)?;
            self.ctx
                .decode(&mut self.batch)
                .map_err(|e| Error::Generate(format!("decode: {e}")))?;
            let mut i = 0;
            while i < active.len() {
                match self.step(&mut active[i], &job.params) {
                    Some(finish) => {
                        let slot = active.swap_remove(i);
                        self.ctx
                            .clear_kv_cache_seq(Some(slot.seq as u32), None, None)
                            .ok();
                        free.push(slot.seq);
                        let request = slot.request;
                        out[request] = Some(outcome(slot, finish));
                    }
                    None => i += 1,
                }
            }
        }
        Ok(out
            .into_iter()
            .map(|o| o.expect("every request admitted and finished"))
            .collect())
    }

    /// Makes the prefix sequence hold exactly `tokens`, keeping the first `reuse` cached ones.
    fn compute_prefix(&mut self, tokens: &[LlamaToken], reuse: usize) -> Result<(), Error> {
        let seq = self.prefix_seq();
        if self
            .ctx
            .kv_cache_seq_rm(seq, Some(reuse as u32), None)
            .is_err()
        {
            self.forget_prefix();
            return self.compute_prefix(tokens, 0);
        }
        self.cached.truncate(reuse);
        for chunk_start in (reuse..tokens.len()).step_by(self.shape.batch_size) {
            let chunk_end = (chunk_start + self.shape.batch_size).min(tokens.len());
            self.batch.clear();
            for (pos, &t) in (chunk_start..chunk_end).zip(&tokens[chunk_start..chunk_end]) {
                self.batch
                    .add(t, pos as i32, &[seq], false)
                    .map_err(batch_err)?;
            }
            self.ctx
                .decode(&mut self.batch)
                .map_err(|e| Error::Generate(format!("decode prefix: {e}")))?;
            self.cached
                .extend_from_slice(&tokens[chunk_start..chunk_end]);
        }
        Ok(())
    }

    fn admit(&mut self, job: &Job, request: usize, seq: i32, shared: usize) -> Result<Slot, Error> {
        self.ctx
            .clear_kv_cache_seq(Some(seq as u32), None, None)
            .ok();
        if shared > 0 {
            self.ctx
                .copy_kv_cache_seq(self.prefix_seq(), seq, Some(0), Some(shared as u32))
                .map_err(|e| Error::Generate(format!("copy prefix: {e}")))?;
        }
        let params = &job.params;
        let sampler = if params.is_greedy() {
            LlamaSampler::greedy()
        } else {
            let seed = params.seed.wrapping_add(request as u64) as u32;
            LlamaSampler::chain_simple([
                LlamaSampler::temp(params.temperature),
                LlamaSampler::dist(seed),
            ])
        };
        Ok(Slot {
            request,
            seq,
            prompt: job.prompts[request].clone(),
            next: shared,
            pos: shared as i32,
            last: None,
            logits: None,
            sampler,
            bytes: Vec::new(),
            generated: 0,
            cached: shared,
            admitted: Instant::now(),
            first_token: None,
        })
    }

    /// Puts each slot's next token (generating) or next prompt tokens (admitted) in the batch.
    fn fill_batch(&mut self, active: &mut [Slot]) -> Result<(), Error> {
        self.batch.clear();
        for slot in active.iter_mut() {
            slot.logits = None;
            if let Some(t) = slot.last {
                self.batch
                    .add(t, slot.pos, &[slot.seq], true)
                    .map_err(batch_err)?;
                slot.logits = Some(self.batch.n_tokens() - 1);
                slot.pos += 1;
            }
        }
        for slot in active.iter_mut().filter(|s| s.next < s.prompt.len()) {
            let room = self.shape.batch_size - self.batch.n_tokens() as usize;
            let take = room.min(slot.prompt.len() - slot.next);
            if take == 0 {
                break;
            }
            for _ in 0..take {
                let last = slot.next + 1 == slot.prompt.len();
                self.batch
                    .add(slot.prompt[slot.next], slot.pos, &[slot.seq], last)
                    .map_err(batch_err)?;
                if last {
                    slot.logits = Some(self.batch.n_tokens() - 1);
                }
                slot.next += 1;
                slot.pos += 1;
            }
        }
        Ok(())
    }

    /// Samples a slot's next token if the batch gave it logits; returns why it ended, if it did.
    fn step(&mut self, slot: &mut Slot, params: &GenParams) -> Option<Finish> {
        let idx = slot.logits?;
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
}

fn batch_err(e: llama_cpp_2::llama_batch::BatchAddError) -> Error {
    Error::Generate(format!("batch: {e}"))
}

fn outcome(slot: Slot, finish: Finish) -> Outcome {
    let end = Instant::now();
    let first = slot.first_token.unwrap_or(end);
    Outcome {
        bytes: slot.bytes,
        prompt_tokens: slot.prompt.len(),
        cached_tokens: slot.cached,
        generated_tokens: slot.generated,
        finish,
        timings: Timings {
            prompt: first - slot.admitted,
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
