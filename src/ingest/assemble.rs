//! Building a [`Document`] from lines: applies the cleaning rules where they belong (head,
//! lead, body, tail), finds the structure, splits the related articles off and segments every
//! kept paragraph into sentences.
//!
//! Order of work:
//! 1. line rules that hold anywhere (language switcher, follow line, URL, source line,
//!    caption, lone end mark), then duplicated adjacent lines;
//! 2. the first teaser heading *after some body prose* ends the article: what follows is
//!    split at further teaser headings into chunks; a chunk holding prose becomes a related
//!    document (its last headline before the prose is its title), headlines without prose are
//!    `trailing-headline`s;
//! 3. head: crumbs, date lines and the headline, up to the first other line;
//! 4. tail, from the end up: bylines, and headlines after a paragraph that ends a sentence;
//! 5. body: lines become paragraphs (a line wrapped inside a sentence joins the one before
//!    it); the lead loses its agency tag and gives the dateline; a final "/." is dropped.

use super::clean::{
    agency, byline, caption, crumb, duplicate, endmark, follow, headline, language, source, teaser,
    url,
};
use super::lines::{ends_sentence, is_prose, words, Line};
use super::structure;
use crate::doc::{Document, Paragraph, Piece, Reason, Removed, Sentence, Span};
use crate::text::normalize::{Normalized, Options};
use std::ops::Range;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Body text (until a later step says otherwise).
    Body,
    /// The headline.
    Title,
    /// A date line.
    Date,
    /// Part of a related document, which reports on it.
    Related,
    /// Removed, for this reason.
    Gone(Reason),
}

/// Where the document's source name came from; a lower rank wins.
#[derive(Debug, Default)]
struct Sources {
    line: Option<Piece>,
    follow: Option<Piece>,
    agency: Option<Piece>,
}

impl Sources {
    fn best(self) -> Option<Piece> {
        self.line.or(self.follow).or(self.agency)
    }
}

/// Assembles the document held by `lines` (all lines of one article and what follows it).
/// Ids of paragraphs and sentences start with `prefix` (`""`, `"r1."`).
pub fn document(original: &Arc<str>, lines: &[Line], prefix: &str) -> Document {
    let mut sources = Sources::default();
    let mut kinds = classify_lines(lines, &mut sources);
    let mut doc = Document {
        original: original.clone(),
        ..Default::default()
    };

    let end = split_related(lines, &mut kinds, original, prefix, &mut doc);
    head(lines, &mut kinds, end, prefix, &mut doc);
    tail(lines, &mut kinds, end);
    body(lines, &kinds, end, prefix, &mut doc, &mut sources);

    for (line, kind) in lines.iter().zip(&kinds) {
        if let Kind::Gone(reason) = kind {
            doc.removed.push(removed(original, *reason, line.span));
        }
    }
    doc.removed.sort_by_key(|r| r.span);
    doc.source = sources.best();
    doc
}

fn removed(original: &str, reason: Reason, span: Span) -> Removed {
    Removed {
        reason,
        text: original[span.range()].to_string(),
        span,
    }
}

fn piece(line: &Line, r: Range<usize>) -> Option<Piece> {
    (!r.is_empty()).then(|| Piece {
        text: line.text()[r.clone()].to_string(),
        span: line.original(r),
    })
}

/// Step 1: rules that hold wherever the line is, then duplicates.
fn classify_lines(lines: &[Line], sources: &mut Sources) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = lines
        .iter()
        .map(|l| {
            let t = l.text();
            if language::is_switcher(t) {
                Kind::Gone(Reason::LanguageSwitcher)
            } else if let Some(r) = follow::matches(t) {
                sources.follow = sources.follow.take().or_else(|| piece(l, r));
                Kind::Gone(Reason::FollowLine)
            } else if url::is_url(t) {
                Kind::Gone(Reason::Url)
            } else if let Some(r) = source::matches(t) {
                sources.line = sources.line.take().or_else(|| piece(l, r));
                Kind::Gone(Reason::SourceLine)
            } else if caption::is_caption(t) {
                Kind::Gone(Reason::Caption)
            } else if endmark::suffix(t).is_some_and(|r| r.start == 0) {
                Kind::Gone(Reason::EndMark)
            } else {
                Kind::Body
            }
        })
        .collect();
    for i in 1..lines.len() {
        if let Some(v) = duplicate::compare(lines[i - 1].text(), lines[i].text()) {
            kinds[i] = Kind::Gone(Reason::Duplicate);
            if v.first_is_caption && kinds[i - 1] == Kind::Body {
                kinds[i - 1] = Kind::Gone(Reason::Caption);
            }
        }
    }
    kinds
}

/// Step 2: returns where the article ends (the first teaser heading after body prose, or the
/// end), turning what follows into related documents and trailing headlines.
fn split_related(
    lines: &[Line],
    kinds: &mut [Kind],
    original: &Arc<str>,
    prefix: &str,
    doc: &mut Document,
) -> usize {
    let mut seen_prose = false;
    let mut end = lines.len();
    for (i, l) in lines.iter().enumerate() {
        if kinds[i] != Kind::Body {
            continue;
        }
        if teaser::is_heading(l.text()) {
            kinds[i] = Kind::Gone(Reason::Teaser);
            if seen_prose {
                end = i;
                break;
            }
        } else if is_prose(l.text()) {
            seen_prose = true;
        }
    }
    let mut chunk_start = end + 1;
    for i in end + 1..=lines.len() {
        let at_teaser =
            i < lines.len() && kinds[i] == Kind::Body && teaser::is_heading(lines[i].text());
        if i < lines.len() && !at_teaser {
            continue;
        }
        if at_teaser {
            kinds[i] = Kind::Gone(Reason::Teaser);
        }
        let chunk = chunk_start..i;
        chunk_start = i + 1;
        let kept: Vec<usize> = chunk.clone().filter(|&k| kinds[k] == Kind::Body).collect();
        let Some(pos) = kept.iter().position(|&k| is_prose(lines[k].text())) else {
            for k in kept {
                kinds[k] = Kind::Gone(Reason::TrailingHeadline);
            }
            continue;
        };
        let first = match pos {
            0 => kept[0],
            p if structure::is_title(lines[kept[p - 1]].text()) => kept[p - 1],
            p => kept[p],
        };
        // Headlines of the chunk above the related article stay the parent's, as removed.
        for kind in &mut kinds[chunk.start..first] {
            if *kind == Kind::Body {
                *kind = Kind::Gone(Reason::TrailingHeadline);
            }
        }
        let n = doc.related.len() + 1;
        let related = document(
            original,
            &lines[first..chunk.end],
            &format!("{prefix}r{n}."),
        );
        // The related document reports its own removals; the parent must not list them again.
        for kind in &mut kinds[first..chunk.end] {
            *kind = Kind::Related;
        }
        doc.related.push(related);
    }
    // Mark everything after the end that is still unclaimed, so nothing is lost.
    for kind in kinds.iter_mut().skip(end) {
        if *kind == Kind::Body {
            *kind = Kind::Gone(Reason::TrailingHeadline);
        }
    }
    end
}

/// Step 3: crumbs, date lines and the headline.
fn head(lines: &[Line], kinds: &mut [Kind], end: usize, prefix: &str, doc: &mut Document) {
    let next_body = |kinds: &[Kind], from: usize| (from..end).find(|&j| kinds[j] == Kind::Body);
    for i in 0..end {
        if kinds[i] != Kind::Body {
            continue;
        }
        let l = &lines[i];
        let t = l.text();
        if crumb::is_crumb(t) {
            kinds[i] = Kind::Gone(Reason::Crumb);
            continue;
        }
        if structure::is_date_line(t) {
            kinds[i] = Kind::Date;
            if doc.date.is_none() {
                doc.date = piece(l, 0..t.len());
            }
            continue;
        }
        if doc.title.is_some() {
            break;
        }
        let next = next_body(kinds, i + 1);
        if crumb::is_short_label(t)
            && next.is_some_and(|j| {
                structure::is_title(lines[j].text()) && words(lines[j].text()) >= 4
            })
        {
            kinds[i] = Kind::Gone(Reason::Crumb);
            continue;
        }
        if structure::is_title(t) && next.is_some() {
            kinds[i] = Kind::Title;
            doc.title = Some(Sentence {
                id: format!("{prefix}title"),
                text: t.to_string(),
                span: l.span,
            });
            continue;
        }
        break;
    }
}

/// Step 4: bylines and trailing headlines, from the end of the article up.
fn tail(lines: &[Line], kinds: &mut [Kind], end: usize) {
    for i in (0..end).rev() {
        match kinds[i] {
            Kind::Gone(_) => continue,
            Kind::Title | Kind::Date | Kind::Related => break,
            Kind::Body => {}
        }
        let t = lines[i].text();
        if byline::is_byline(t) {
            kinds[i] = Kind::Gone(Reason::Byline);
            continue;
        }
        // The paragraph above, looking past a byline still to be removed.
        let before = (0..i)
            .rev()
            .find(|&j| kinds[j] == Kind::Body && !byline::is_byline(lines[j].text()));
        if headline::is_headline(t) && before.is_some_and(|j| ends_sentence(lines[j].text())) {
            kinds[i] = Kind::Gone(Reason::TrailingHeadline);
            continue;
        }
        break;
    }
}

/// Step 5: paragraphs, lead, dateline, end mark, sentences.
fn body(
    lines: &[Line],
    kinds: &[Kind],
    end: usize,
    prefix: &str,
    doc: &mut Document,
    sources: &mut Sources,
) {
    let mut groups: Vec<Range<usize>> = Vec::new();
    for i in (0..end).filter(|&i| kinds[i] == Kind::Body) {
        if let Some(g) = groups.last_mut() {
            let prev = lines[g.end - 1].text();
            let wrapped = g.end == i
                && !lines[i].after_blank
                && !ends_sentence(prev)
                && !prev.ends_with([':', ';'])
                && lines[i].text().starts_with(char::is_lowercase);
            if wrapped {
                g.end = i + 1;
                continue;
            }
        }
        groups.push(i..i + 1);
    }
    let original = doc.original.clone();
    let mut dateline_found = false;
    for (n, g) in groups.into_iter().enumerate() {
        let (first, last) = (&lines[g.start], &lines[g.end - 1]);
        let mut span = first.span.cover(last.span);
        if n == 0 {
            if let Some((tag, name)) = agency::prefix(first.text()) {
                let tag_span = first.original(tag);
                doc.removed
                    .push(removed(&original, Reason::AgencyTag, tag_span));
                sources.agency = piece(first, name);
                span.start = tag_span.end;
            }
        }
        if let Some(mark) = endmark::suffix(last.text()) {
            let mark_span = last.original(mark);
            doc.removed
                .push(removed(&original, Reason::EndMark, mark_span));
            span.end = mark_span.start;
        }
        let norm = Normalized::new(&original[span.range()], Options::TEXT);
        // The dateline opens the lead, or the paragraph after a sapo.
        if n < 2 && !dateline_found {
            if let Some((date, place)) = structure::dateline(norm.text()) {
                dateline_found = true;
                let at = |r: Range<usize>| Piece {
                    text: norm.text()[r.clone()].to_string(),
                    span: norm.original_span(r).shift(span.start),
                };
                doc.date = doc.date.take().or_else(|| Some(at(date)));
                doc.place = place.map(at);
            }
        }
        let id = format!("{prefix}p{}", n + 1);
        let sentences = crate::segment::split(norm.text())
            .into_iter()
            .enumerate()
            .map(|(k, r)| Sentence {
                id: format!("{id}.s{}", k + 1),
                text: norm.text()[r.clone()].to_string(),
                span: norm.original_span(r).shift(span.start),
            })
            .collect();
        doc.paragraphs.push(Paragraph {
            id,
            lead: n == 0,
            span,
            sentences,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::doc::Reason;
    use crate::ingest::clean;

    fn reasons(text: &str) -> Vec<(Reason, String)> {
        clean(text, None)
            .removed
            .into_iter()
            .map(|r| (r.reason, r.text))
            .collect()
    }

    #[test]
    fn wrapped_lines_join_into_one_paragraph() {
        let doc = clean("Tiêu đề bài viết về ngoại giao\n\nBộ Ngoại giao tổ chức hội nghị\nvề ngoại giao kinh tế. Hội nghị kết thúc.\nĐoạn khác.", None);
        assert_eq!(doc.paragraphs.len(), 2);
        assert_eq!(
            doc.paragraphs[0].sentences[0].text,
            "Bộ Ngoại giao tổ chức hội nghị về ngoại giao kinh tế."
        );
    }

    #[test]
    fn headlines_after_a_teaser_without_prose_are_trailing_headlines() {
        let r = reasons("Tiêu đề bài viết về ngoại giao\n\nHội nghị đã diễn ra thành công.\n\nTin liên quan\n\nThủ tướng tiếp Đại sứ Nhật Bản\n\nBộ Ngoại giao họp báo thường kỳ");
        let kinds: Vec<Reason> = r.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            [
                Reason::Teaser,
                Reason::TrailingHeadline,
                Reason::TrailingHeadline
            ]
        );
    }

    #[test]
    fn related_article_takes_the_headline_above_its_prose() {
        let doc = clean("Tiêu đề bài viết về ngoại giao\n\nHội nghị đã diễn ra thành công.\n\nXem thêm\n\nMột tin ngắn không có thân bài\n\nThủ tướng tiếp Đại sứ Nhật Bản\n\nChiều 3-4, Thủ tướng tiếp Đại sứ. Hai bên trao đổi.", None);
        assert_eq!(doc.related.len(), 1);
        assert_eq!(
            doc.related[0].title.as_ref().unwrap().text,
            "Thủ tướng tiếp Đại sứ Nhật Bản"
        );
        assert_eq!(doc.related[0].paragraphs[0].sentences.len(), 2);
        let kinds: Vec<Reason> = doc.removed.iter().map(|r| r.reason).collect();
        assert_eq!(kinds, [Reason::Teaser, Reason::TrailingHeadline]);
    }

    #[test]
    fn teaser_before_the_body_is_only_removed() {
        let doc = clean(
            "Chia sẻ bài viết\n\nTiêu đề bài viết về ngoại giao\n\nHội nghị đã diễn ra thành công.",
            None,
        );
        assert!(doc.related.is_empty());
        assert_eq!(doc.paragraphs.len(), 1);
        assert_eq!(doc.removed[0].reason, Reason::Teaser);
    }

    #[test]
    fn short_label_above_a_headline_is_a_crumb() {
        let r = reasons("Điểm nóng\n\nThủ tướng tiếp Đại sứ Nhật Bản tại Hà Nội\n\nHai bên trao đổi về hợp tác.");
        assert_eq!(r, [(Reason::Crumb, "Điểm nóng".to_string())]);
    }

    #[test]
    fn first_line_ending_in_a_full_stop_is_not_a_title() {
        let doc = clean("Hội nghị đã diễn ra thành công.\nHai bên trao đổi.", None);
        assert!(doc.title.is_none());
        assert_eq!(doc.paragraphs.len(), 2);
    }
}
