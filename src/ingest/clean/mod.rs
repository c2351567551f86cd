//! Boilerplate rules, one file per family. Each rule looks at one normalized line (or its
//! start or end) and says whether it is boilerplate; where in the article a rule applies
//! (head, lead, tail) is the assembler's business (`ingest::assemble`).
//!
//! | reason              | where     | rule |
//! |---------------------|-----------|------|
//! | `crumb`             | head      | [`crumb`]: section names and crumb paths above the headline |
//! | `follow-line`       | anywhere  | [`follow`]: "Theo dõi … trên Google News" |
//! | `language-switcher` | anywhere  | [`language`]: "Tiếng Việt \| English" |
//! | `caption`           | anywhere  | [`caption`]: "… Ảnh: NAME", image-table cells ending in `\|` |
//! | `duplicate`         | anywhere  | [`duplicate`]: a line equal to the one before it |
//! | `agency-tag`        | lead      | [`agency`]: "(GLO)- ", "VOV.VN - " opening the lead |
//! | `source-line`       | anywhere  | [`source`]: "Theo VOV", "Nguồn …: URL" |
//! | `url`               | anywhere  | [`url`]: a bare web address |
//! | `end-mark`          | line end  | [`endmark`]: the "/." of "./." |
//! | `teaser`            | after body| [`teaser`]: "Có thể bạn quan tâm", "Chia sẻ bài viết"; what follows becomes `related` |
//! | `byline`            | tail      | [`byline`]: "Thu Hà" |
//! | `trailing-headline` | tail      | [`headline`]: an unrelated headline after the end |

pub mod agency;
pub mod byline;
pub mod caption;
pub mod crumb;
pub mod duplicate;
pub mod endmark;
pub mod follow;
pub mod headline;
pub mod language;
pub mod source;
pub mod teaser;
pub mod url;
