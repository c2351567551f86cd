//! Extractive summaries: TextRank over the Vietnamese sentences of an article.
//!
//! - **Features.** Each sentence becomes the set of its syllable unigrams and bigrams, taken
//!   from [`normalize::key`] (NFC, canonical tones, lower case); bigrams do not cross
//!   punctuation. Unigrams of common function syllables (`và`, `của`, `các`...) are left out,
//!   and so are bigrams of two of them; bigrams that carry one content syllable stay, so
//!   `đầu tư` and `vốn đầu` both count.
//! - **Similarity** of two sentences is TextRank's: shared features over
//!   `ln(1 + |A|) + ln(1 + |B|)`, so long sentences do not win by length alone (`1 +` keeps
//!   one-feature sentences finite).
//! - **Ranking** is PageRank on that weighted graph: damping [`DAMPING`] (0.85), power
//!   iteration until no score moves by more than [`TOLERANCE`], at most [`MAX_ITERATIONS`].
//! - **Lead bias.** News puts the gist first, so the random jump favours early sentences: the
//!   sentence at position `i` gets teleport weight `1 + LEAD_BIAS / (i + 1)`, normalized to mean
//!   one. With [`LEAD_BIAS`] = 1 the first sentence has about twice the jump weight of a late
//!   one: enough to rank the lead first among equals, too little to beat a sentence that the
//!   rest of the article keeps coming back to. Remaining ties go to the earlier sentence.
//! - **Picking** walks the ranking and skips a sentence whose features overlap those of an
//!   already picked one by [`REDUNDANCY`] or more (overlap coefficient, `|A ∩ B| / min(|A|,
//!   |B|)`), so a near-duplicate or a sentence contained in another is not picked twice.

use crate::text::normalize;
use std::collections::HashSet;

/// PageRank damping: the chance of following a similarity edge rather than jumping.
pub const DAMPING: f64 = 0.85;
/// Iteration stops when no score changes by more than this.
pub const TOLERANCE: f64 = 1e-9;
/// Iteration stops after this many rounds whatever the change.
pub const MAX_ITERATIONS: usize = 500;
/// Extra teleport weight of early sentences: `1 + LEAD_BIAS / (position + 1)`.
pub const LEAD_BIAS: f64 = 1.0;
/// Feature overlap coefficient at or above which a sentence repeats a picked one.
pub const REDUNDANCY: f64 = 0.6;

/// Syllables too common to say what a sentence is about.
const STOP: &[&str] = &[
    "và", "của", "các", "những", "là", "được", "có", "trong", "với", "cho", "đã", "này", "để",
    "theo", "về", "từ", "khi", "một", "đến", "tại", "thì", "sẽ", "đang", "cũng", "như", "không",
    "nhiều", "ra", "vào", "trên", "đó", "nhằm", "hơn", "lại", "còn", "rằng", "do", "bị", "mà",
    "nên", "nếu", "vì", "qua", "việc", "cần", "phải", "rất", "sau", "trước",
];

/// The syllable unigrams and bigrams of a sentence, function syllables aside.
fn features(sentence: &str) -> HashSet<String> {
    let key = normalize::key(sentence);
    let stop = |s: &str| STOP.contains(&s);
    let mut out = HashSet::new();
    // Bigrams stay within a stretch of words: punctuation breaks them.
    for stretch in key.split(|c: char| !(c.is_alphanumeric() || c.is_whitespace())) {
        let syllables: Vec<&str> = stretch.split_whitespace().collect();
        out.extend(syllables.iter().filter(|s| !stop(s)).map(|s| s.to_string()));
        for pair in syllables.windows(2) {
            if !(stop(pair[0]) && stop(pair[1])) {
                out.insert(format!("{} {}", pair[0], pair[1]));
            }
        }
    }
    out
}

/// TextRank similarity: shared features over the sum of log sizes.
fn similarity(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let shared = a.intersection(b).count();
    if shared == 0 {
        return 0.0;
    }
    shared as f64 / ((1.0 + a.len() as f64).ln() + (1.0 + b.len() as f64).ln())
}

/// Overlap coefficient: how much of the smaller set the larger one contains.
fn overlap(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / smaller as f64
}

/// The TextRank score of each sentence, in input order (higher is more central).
///
/// ```
/// use vibrief::summarize::extractive::rank;
/// let scores = rank(&[
///     "Trời nắng nhẹ.",
///     "Tỉnh thu hút vốn đầu tư nước ngoài.",
///     "Vốn đầu tư nước ngoài vào tỉnh tăng mạnh.",
///     "Doanh nghiệp nước ngoài tin tưởng môi trường đầu tư của tỉnh.",
/// ]);
/// assert!(scores[1] > scores[0] && scores[2] > scores[0]);
/// ```
pub fn rank(sentences: &[&str]) -> Vec<f64> {
    let feats: Vec<HashSet<String>> = sentences.iter().map(|s| features(s)).collect();
    rank_features(&feats)
}

fn rank_features(feats: &[HashSet<String>]) -> Vec<f64> {
    let n = feats.len();
    if n == 0 {
        return Vec::new();
    }
    let mut weight = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in i + 1..n {
            let w = similarity(&feats[i], &feats[j]);
            weight[i][j] = w;
            weight[j][i] = w;
        }
    }
    let out_sum: Vec<f64> = weight.iter().map(|row| row.iter().sum()).collect();
    let mut teleport: Vec<f64> = (0..n).map(|i| 1.0 + LEAD_BIAS / (i as f64 + 1.0)).collect();
    let total: f64 = teleport.iter().sum();
    teleport.iter_mut().for_each(|t| *t *= n as f64 / total);

    let mut scores = vec![1.0; n];
    for _ in 0..MAX_ITERATIONS {
        let next: Vec<f64> = (0..n)
            .map(|i| {
                let inflow: f64 = (0..n)
                    .filter(|&j| out_sum[j] > 0.0)
                    .map(|j| weight[j][i] / out_sum[j] * scores[j])
                    .sum();
                (1.0 - DAMPING) * teleport[i] + DAMPING * inflow
            })
            .collect();
        let change = next
            .iter()
            .zip(&scores)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        scores = next;
        if change < TOLERANCE {
            break;
        }
    }
    scores
}

/// The indices of the `n` best sentences, in document order, skipping near-duplicates of
/// sentences already picked and sentences with no words. Fewer than `n` come back when the
/// article has fewer distinct sentences.
///
/// ```
/// use vibrief::summarize::extractive::pick;
/// let sentences = [
///     "Trời nắng nhẹ.",
///     "Tỉnh thu hút vốn đầu tư nước ngoài.",
///     "Tỉnh thu hút vốn đầu tư nước ngoài.",
///     "Vốn đầu tư nước ngoài vào tỉnh tăng mạnh.",
/// ];
/// let picked = pick(&sentences, 2);
/// assert_eq!(picked.len(), 2);
/// assert!(!(picked.contains(&1) && picked.contains(&2)), "duplicates are picked once");
/// ```
pub fn pick(sentences: &[&str], n: usize) -> Vec<usize> {
    let feats: Vec<HashSet<String>> = sentences.iter().map(|s| features(s)).collect();
    let scores = rank_features(&feats);
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let mut chosen: Vec<usize> = Vec::with_capacity(n);
    for i in order {
        if chosen.len() == n {
            break;
        }
        if feats[i].is_empty()
            || chosen
                .iter()
                .any(|&c| overlap(&feats[i], &feats[c]) >= REDUNDANCY)
        {
            continue;
        }
        chosen.push(i);
    }
    chosen.sort_unstable();
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An article about investment, opening with an unrelated sentence and carrying an
    /// aside about an exhibition.
    const INVESTMENT: [&str; 6] = [
        "Thời tiết hôm nay nắng nhẹ ở nhiều nơi trên cả nước.",
        "Hội nghị xúc tiến đầu tư của tỉnh thu hút nhiều doanh nghiệp nước ngoài.",
        "Tỉnh cam kết cải thiện môi trường đầu tư cho doanh nghiệp nước ngoài.",
        "Một triển lãm tranh khai mạc tại bảo tàng thành phố.",
        "Các doanh nghiệp nước ngoài đánh giá cao môi trường đầu tư của tỉnh.",
        "Lãnh đạo tỉnh cho biết vốn đầu tư nước ngoài tăng mạnh trong năm nay.",
    ];

    #[test]
    fn the_repeated_topic_wins() {
        let scores = rank(&INVESTMENT);
        for topic in [1, 2, 4, 5] {
            for aside in [0, 3] {
                assert!(
                    scores[topic] > scores[aside],
                    "{topic} vs {aside}: {scores:?}"
                );
            }
        }
        let picked = pick(&INVESTMENT, 3);
        assert_eq!(picked.len(), 3);
        assert!(
            picked.iter().all(|i| [1, 2, 4, 5].contains(i)),
            "{picked:?}"
        );
        assert!(picked.windows(2).all(|w| w[0] < w[1]), "document order");
    }

    #[test]
    fn near_duplicates_are_not_both_picked() {
        let sentences = [
            "Thủ tướng yêu cầu đẩy nhanh giải ngân vốn đầu tư công trong năm nay.",
            "Thủ tướng yêu cầu đẩy nhanh giải ngân vốn đầu tư công trong năm nay để thúc đẩy tăng trưởng.",
            "Vốn đầu tư công là động lực quan trọng của tăng trưởng kinh tế.",
            "Các bộ, ngành cần tháo gỡ vướng mắc trong giải ngân vốn đầu tư công.",
            "Bộ Tài chính sẽ theo dõi sát tiến độ giải ngân.",
        ];
        let scores = rank(&sentences);
        let both_top = {
            let mut order: Vec<usize> = (0..sentences.len()).collect();
            order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
            order[..2].contains(&0) && order[..2].contains(&1)
        };
        assert!(
            both_top,
            "the test needs the duplicates ranked first and second: {scores:?}"
        );
        let picked = pick(&sentences, 2);
        assert_eq!(picked.len(), 2);
        assert!(!(picked.contains(&0) && picked.contains(&1)), "{picked:?}");
    }

    #[test]
    fn the_lead_breaks_ties() {
        let unrelated = [
            "Trời mưa to.",
            "Giá vàng giảm nhẹ.",
            "Đội tuyển thắng trận.",
            "Bảo tàng mở cửa.",
        ];
        let scores = rank(&unrelated);
        assert!(scores.windows(2).all(|w| w[0] > w[1]), "{scores:?}");
        assert_eq!(pick(&unrelated, 2), [0, 1]);
        let same = ["Giá vàng giảm nhẹ.", "Trời mưa to.", "Giá vàng giảm nhẹ."];
        assert_eq!(pick(&same, 2), [0, 1]);
    }

    /// The lead bias only breaks ties: a sentence that another one restates outranks a lead
    /// that nothing comes back to.
    #[test]
    fn a_restated_sentence_outranks_the_lead() {
        let mut article = vec![
            "Trời mưa to.",
            "Giá vàng giảm nhẹ.",
            "Đội tuyển thắng trận.",
        ];
        assert_eq!(pick(&article, 1), [0], "unrelated sentences: the lead wins");
        article.push("Đội tuyển bóng đá thắng trận đấu quan trọng.");
        let scores = rank(&article);
        assert!(scores[2] > scores[0], "{scores:?}");
        assert_eq!(pick(&article, 1), [2], "{scores:?}");
    }

    #[test]
    fn features_use_normalized_syllables() {
        let a = features("Hoà bình và hợp tác.");
        let b = features("HÒA BÌNH, hợp tác!");
        assert!(a.contains("hòa bình") && a.contains("hợp tác") && !a.contains("và"));
        assert_eq!(overlap(&a, &b), 1.0);
        assert!(similarity(&a, &b) > 0.0);
        assert_eq!(similarity(&a, &features("Giá vàng giảm.")), 0.0);
    }

    #[test]
    fn edge_cases() {
        assert!(rank(&[]).is_empty());
        assert!(pick(&[], 3).is_empty());
        assert!(pick(&INVESTMENT, 0).is_empty());
        assert_eq!(pick(&["Chỉ một câu."], 5), [0]);
        assert_eq!(
            pick(&["", "...", "Giá vàng giảm."], 3),
            [2],
            "sentences with no words are never picked"
        );
    }
}
