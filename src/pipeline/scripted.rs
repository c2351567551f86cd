//! A scripted engine for the stages' tests: the test chooses each answer (in turn, or from what
//! was asked) and every request is recorded, so a test shows what a stage sends and what it
//! does with the model's output, without a model.

use crate::engine::{
    Candidate, Engine, EngineInfo, Error, Finish, GenOptions, GenParams, Input, InputKind, Request,
    Task, Timings,
};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

type Answer = dyn Fn(&Request) -> (String, Finish) + Send + Sync;

/// An engine whose answers a test scripts.
pub(crate) struct Scripted {
    info: EngineInfo,
    answer: Box<Answer>,
    left: Arc<Mutex<VecDeque<&'static str>>>,
    requests: Mutex<Vec<Request>>,
}

impl Scripted {
    /// Gives `answers` in turn, one per request.
    pub(crate) fn new(answers: &[&'static str]) -> Arc<Self> {
        let left = Arc::new(Mutex::new(answers.iter().copied().collect::<VecDeque<_>>()));
        let queue = Arc::clone(&left);
        let answer = move |_: &Request| {
            let text = queue.lock().unwrap().pop_front();
            (
                text.expect("a scripted answer left").to_string(),
                Finish::End,
            )
        };
        Self::build(Box::new(answer), left)
    }

    /// Answers each request with what `answer` makes of it.
    pub(crate) fn by(
        answer: impl Fn(&Request) -> (String, Finish) + Send + Sync + 'static,
    ) -> Arc<Self> {
        Self::build(Box::new(answer), Arc::default())
    }

    /// A source-text (seq2seq) model made for `task`, answering each source text with what
    /// `answer` makes of it. Like a real one, it refuses chat requests.
    pub(crate) fn seq2seq(
        task: Task,
        answer: impl Fn(&str) -> String + Send + Sync + 'static,
    ) -> Arc<Self> {
        let answer = move |r: &Request| match &r.input {
            Input::Source(text) => (answer(text), Finish::End),
            Input::Chat(_) => unreachable!("refused in generate"),
        };
        let mut engine = Self::build(Box::new(answer), Arc::default());
        let info = &mut Arc::get_mut(&mut engine).expect("not shared yet").info;
        info.input_kind = InputKind::Source;
        info.task = Some(task);
        info.model_id = "scripted-seq2seq".into();
        info.context_length = 512;
        info.parallel = 1;
        engine
    }

    fn build(answer: Box<Answer>, left: Arc<Mutex<VecDeque<&'static str>>>) -> Arc<Self> {
        Arc::new(Scripted {
            info: EngineInfo {
                model_id: "scripted".into(),
                context_length: 4096,
                input_kind: InputKind::Chat,
                task: None,
                parallel: 4,
                defaults: GenParams::default(),
            },
            answer,
            left,
            requests: Mutex::new(Vec::new()),
        })
    }

    /// Every request so far, in the order they came.
    pub(crate) fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    /// The last message of every request so far: what each one asked.
    pub(crate) fn asked(&self) -> Vec<String> {
        self.requests()
            .iter()
            .map(|r| match &r.input {
                Input::Chat(chat) => chat.last().expect("a message").content.clone(),
                Input::Source(text) => text.clone(),
            })
            .collect()
    }

    /// How many answers given to [`Scripted::new`] are still unused.
    pub(crate) fn left(&self) -> usize {
        self.left.lock().unwrap().len()
    }
}

impl Engine for Scripted {
    fn info(&self) -> &EngineInfo {
        &self.info
    }

    fn generate(&self, requests: &[Request], _: &GenOptions) -> Result<Vec<Candidate>, Error> {
        if self.info.input_kind == InputKind::Source {
            // Characters stand for tokens: a source longer than the context does not fit.
            let limit = self.info.context_length;
            let long = requests
                .iter()
                .enumerate()
                .find_map(|(index, r)| match &r.input {
                    Input::Source(text) if text.chars().count() > limit => Some((index, text)),
                    _ => None,
                });
            if let Some((index, text)) = long {
                self.requests.lock().unwrap().push(requests[index].clone());
                return Err(Error::TooLong {
                    index,
                    tokens: text.chars().count(),
                    limit,
                });
            }
            if let Some(index) = requests
                .iter()
                .position(|r| matches!(r.input, Input::Chat(_)))
            {
                self.requests.lock().unwrap().push(requests[index].clone());
                return Err(Error::Unsupported {
                    index,
                    reason: "a seq2seq model takes source text, not chat messages".into(),
                });
            }
        }
        Ok(requests
            .iter()
            .map(|r| {
                self.requests.lock().unwrap().push(r.clone());
                let (text, finish) = (self.answer)(r);
                Candidate {
                    text,
                    origin: "mt:scripted".into(),
                    prompt_tokens: 100,
                    cached_tokens: if r.shared > 0 { 80 } else { 0 },
                    generated_tokens: 5,
                    finish,
                    timings: Timings::default(),
                }
            })
            .collect())
    }
}
