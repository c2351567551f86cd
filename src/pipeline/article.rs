//! The article context: the unit of model work. Every request for one article (each segment's
//! translation, its repairs, the summary and its repairs) starts with the same shared prefix:
//! the instructions, the whole cleaned article with its segment ids, and the article's required
//! terms. The engine computes that prefix once ([`Request::shared`]) and each request adds only
//! a short ask. An article too long for one context is worked in windows of whole paragraphs,
//! each with its own prefix.

use super::prompt::{self, ParagraphAsk, TranslationAsk};
use crate::doc::{Document, Sentence};
use crate::engine::{Message, Request, Term};

/// Characters of Vietnamese per token of the default model's tokenizer, rounded down: used to
/// size windows (measured on the corpus: 2.4 to 2.9).
const CHARS_PER_TOKEN: usize = 2;

/// Tokens of a context kept for what is not the article: instructions, terms, the ask and the
/// answer.
const RESERVED_TOKENS: usize = 1536;

/// The shared prefixes of one article's model requests.
#[derive(Debug, Clone)]
pub struct ArticleContext {
    windows: Vec<Window>,
}

#[derive(Debug, Clone)]
struct Window {
    /// System, the article (or this window of it) with the terms, and the assistant's ready.
    prefix: Vec<Message>,
    /// Ids of the segments this window holds.
    ids: Vec<String>,
}

impl ArticleContext {
    /// The context of `doc` with the article's required `terms`, in windows that fit a model
    /// context of `context_length` tokens (one window for every corpus article at the default
    /// 8,192).
    pub fn new(doc: &Document, terms: &[Term], context_length: usize) -> Self {
        let budget = context_length.saturating_sub(RESERVED_TOKENS).max(256) * CHARS_PER_TOKEN;
        let title = doc.title.as_ref();
        let mut groups: Vec<Vec<&Sentence>> = Vec::new();
        let mut size = 0;
        for p in &doc.paragraphs {
            let chars: usize = p.sentences.iter().map(|s| s.text.chars().count() + 8).sum();
            match groups.last_mut() {
                Some(g) if size + chars <= budget => {
                    g.extend(&p.sentences);
                    size += chars;
                }
                _ => {
                    groups.push(p.sentences.iter().collect());
                    size = chars;
                }
            }
        }
        if groups.is_empty() {
            groups.push(Vec::new());
        }
        let windows = groups
            .into_iter()
            .map(|body| {
                let sentences: Vec<&Sentence> = title.into_iter().chain(body).collect();
                let text = prompt::article_message(
                    sentences.iter().map(|s| (s.id.as_str(), s.text.as_str())),
                    &terms_in(terms, &sentences),
                );
                Window {
                    prefix: vec![
                        Message::system(prompt::ARTICLE_SYSTEM),
                        Message::user(text),
                        Message::assistant(prompt::ARTICLE_READY),
                    ],
                    ids: sentences.iter().map(|s| s.id.clone()).collect(),
                }
            })
            .collect();
        ArticleContext { windows }
    }

    /// How many windows the article takes.
    pub fn windows(&self) -> usize {
        self.windows.len()
    }

    /// The request translating (or repairing) one segment, on the prefix of its window.
    pub fn translate(&self, ask: &TranslationAsk) -> Request {
        self.window_of(ask.id)
            .request(ask.user_message())
            .with_terms(ask.terms.to_vec())
    }

    /// The request translating several sentences of one paragraph, on the prefix of its window.
    pub fn translate_paragraph(&self, ask: &ParagraphAsk) -> Request {
        let first = ask.sentences.first().map_or("", |(id, _)| *id);
        self.window_of(first)
            .request(ask.user_message())
            .with_terms(ask.terms.to_vec())
    }

    /// The window holding segment `id` (paragraphs are never split between windows).
    fn window_of(&self, id: &str) -> &Window {
        self.windows
            .iter()
            .find(|w| w.ids.iter().any(|known| known == id))
            .unwrap_or(&self.windows[0])
    }

    /// The request summarizing window `window` (the whole article when it has one window).
    pub fn summarize(&self, window: usize, points: usize, problems: &[String]) -> Request {
        self.windows[window].request(prompt::summary_message(points, problems))
    }
}

impl Window {
    fn request(&self, ask: String) -> Request {
        let mut chat = self.prefix.clone();
        chat.push(Message::user(ask));
        Request::chat(chat).with_shared_prefix(self.prefix.len())
    }
}

/// The terms whose source occurs in `sentences` (every term when there is one window).
fn terms_in(terms: &[Term], sentences: &[&Sentence]) -> Vec<Term> {
    terms
        .iter()
        .filter(|t| sentences.iter().any(|s| s.text.contains(t.source.as_str())))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "Thủ tướng Chính phủ chủ trì hội nghị\n\nThủ tướng Chính phủ chủ trì hội nghị về Chỉ thị số 15 của Ban Bí thư. Hội nghị có 500 đại biểu.\n\nBan Bí thư yêu cầu các tỉnh báo cáo.\n";

    fn terms() -> Vec<Term> {
        [
            ("Thủ tướng Chính phủ", "Prime Minister"),
            ("Ban Bí thư", "Secretariat"),
        ]
        .map(|(s, t)| Term {
            source: s.into(),
            target: t.into(),
        })
        .to_vec()
    }

    fn ask<'a>(id: &'a str, text: &'a str) -> TranslationAsk<'a> {
        TranslationAsk {
            id,
            text,
            ..TranslationAsk::default()
        }
    }

    #[test]
    fn every_request_of_an_article_starts_with_one_shared_prefix() {
        let doc = crate::ingest::clean(ARTICLE, None);
        let cx = ArticleContext::new(&doc, &terms(), 8192);
        assert_eq!(cx.windows(), 1);
        let requests = [
            cx.translate(&ask("title", "Thủ tướng Chính phủ chủ trì hội nghị")),
            cx.translate(&ask("p1.s2", "Hội nghị có 500 đại biểu.")),
            cx.summarize(0, 3, &[]),
        ];
        let prefix = requests[0].prefix();
        assert_eq!(prefix.len(), 3);
        for r in &requests {
            assert_eq!(r.prefix(), prefix);
            assert_eq!(r.suffix().len(), 1, "one short ask after the prefix");
        }
        // The prefix holds the whole article with ids, and the article's terms.
        let article = &prefix[1].content;
        for s in doc.sentences() {
            assert!(
                article.contains(&format!("[{}] {}", s.id, s.text)),
                "{} missing:\n{article}",
                s.id
            );
        }
        assert!(article.contains("Ban Bí thư = Secretariat"), "{article}");
        // The asks are short: a segment is named, not repeated.
        let ask = &requests[1].suffix()[0].content;
        assert!(ask.len() < 120 && ask.contains("[p1.s2]"), "{ask}");
    }

    #[test]
    fn a_long_article_is_worked_in_windows_of_whole_paragraphs() {
        let first = "Ban Bí thư yêu cầu các tỉnh báo cáo kết quả thực hiện chỉ thị. ".repeat(30);
        let second = "Các tỉnh đã gửi báo cáo về kết quả thực hiện trong năm. ".repeat(30);
        let text =
            format!("Tiêu đề bài báo\n\n{first}\n\n{second}\n\nThủ tướng Chính phủ kết luận.\n");
        let doc = crate::ingest::clean(&text, None);
        // A context this small holds about one paragraph of the article.
        let cx = ArticleContext::new(&doc, &terms(), RESERVED_TOKENS + 900);
        assert_eq!(cx.windows(), 3);
        let last = cx.translate(&ask("p3.s1", "Thủ tướng Chính phủ kết luận."));
        let first = cx.translate(&ask("p1.s1", ""));
        assert_ne!(last.prefix(), first.prefix());
        let window = &last.prefix()[1].content;
        // Each window has the title, its own paragraphs and only the terms they hold.
        assert!(
            window.contains("[title] Tiêu đề bài báo") && window.contains("[p3.s1]"),
            "{window}"
        );
        assert!(
            !window.contains("[p1.s1]") && !window.contains("Secretariat"),
            "{window}"
        );
        assert_ne!(
            cx.summarize(0, 3, &[]).prefix(),
            cx.summarize(2, 3, &[]).prefix()
        );
    }
}
