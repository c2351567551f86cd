//! TMX import and export: a `<tu>` with a source variant and N target variants becomes N
//! units; each unit is exported as a `<tu>` that imports back to the same unit, with its props,
//! notes, inline markup, times, origin and status.

use super::error::{DbContext, TmError};
use super::store::{raw_unit, Duplicates, Tm, UNIT_COLS};
use super::time::{format_tmx_date, now, parse_tmx_date};
use super::unit::{Context, Origin, SideMeta, Status, Unit, UnitMeta};
use super::AddOutcome;
use crate::formats::tmx::{Header, HeaderSpec, Prop, Seg, TmxReader, TmxWriter, Tu, Tuv, Warning};
use crate::text::lang::{self, canonical as canonical_lang};
use std::io::Write;
use std::path::Path;

/// Prop types vibrief writes to carry what TMX has no attribute for.
const ORIGIN_PROP: &str = "x-vibrief-origin";
const STATUS_PROP: &str = "x-vibrief-status";
const CONTEXT_PROP: &str = "x-vibrief-context";

/// TU attributes held in [`Unit`] fields rather than in [`UnitMeta::attrs`].
const UNIT_ATTRS: &[&str] = &[
    "srclang",
    "creationdate",
    "changedate",
    "creationid",
    "creationtool",
];

/// How to import a TMX file.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Source language to use, instead of the file's `srclang`.
    pub src_lang: Option<String>,
    /// Import only the variants in this target language.
    pub tgt_lang: Option<String>,
    /// Duplicate policy.
    pub duplicates: Duplicates,
    /// Origin for units that carry none (default `tm-import`).
    pub origin: Option<Origin>,
    /// Status for units that carry none (default approved).
    pub status: Option<Status>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// `<tu>` elements read.
    pub tus: u64,
    /// Units stored new.
    pub added: u64,
    /// Units that were stored already and were updated.
    pub updated: u64,
    /// Units that replaced a stored translation (`Overwrite`).
    pub replaced: u64,
    /// Source/target pairs not imported because of a problem (each has a warning).
    pub skipped: u64,
    /// Variants left out by the target-language filter.
    pub filtered: u64,
    /// The reader's and the importer's warnings (the first 1000).
    pub warnings: Vec<Warning>,
    /// How many warnings there were in all.
    pub warning_count: u64,
}

impl ImportReport {
    fn warn(&mut self, w: Warning) {
        self.warning_count += 1;
        if self.warnings.len() < 1000 {
            self.warnings.push(w);
        }
    }
}

/// Which units to export (all `None`: every unit).
#[derive(Debug, Clone, Default)]
pub struct UnitFilter {
    /// Source language.
    pub src_lang: Option<String>,
    /// Target language.
    pub tgt_lang: Option<String>,
    /// Origin: exact (`mt:qwen`), or a family (`mt` matches every `mt:*`).
    pub origin: Option<String>,
    /// Status.
    pub status: Option<Status>,
    /// Changed at or after this time (Unix seconds).
    pub since: Option<i64>,
    /// Changed before this time (Unix seconds).
    pub until: Option<i64>,
}

impl UnitFilter {
    /// The SQL condition and its parameters.
    fn sql(&self) -> (String, Vec<rusqlite::types::Value>) {
        use rusqlite::types::Value;
        let mut cond = vec!["1 = 1".to_string()];
        let mut params: Vec<Value> = Vec::new();
        // A bare language takes in its regions (`vi` exports `vi-VN` units too).
        for (column, wanted) in [("src_lang", &self.src_lang), ("tgt_lang", &self.tgt_lang)] {
            if let Some(l) = wanted {
                let first = params.len() + 1;
                params.extend(lang::sql_params(l).map(|p| p.map_or(Value::Null, Value::Text)));
                cond.push(lang::sql_condition(column, first));
            }
        }
        let mut push = |sql: &str, v: Value| {
            params.push(v);
            cond.push(sql.replace('?', &format!("?{}", params.len())));
        };
        if let Some(o) = &self.origin {
            push(
                "(origin = ? OR origin LIKE ? || ':%')",
                Value::Text(o.clone()),
            );
        }
        if let Some(s) = self.status {
            push("status = ?", Value::Text(s.to_string()));
        }
        if let Some(t) = self.since {
            push("changed >= ?", Value::Integer(t));
        }
        if let Some(t) = self.until {
            push("changed < ?", Value::Integer(t));
        }
        (cond.join(" AND "), params)
    }
}

impl Tm {
    /// Imports the TMX file at `path` in one transaction: when the file turns out malformed
    /// (or the process dies) nothing of it is stored. Problems with single units are warnings
    /// in the report and the rest is imported. `progress` is called after every 10 000 units.
    pub fn import_tmx(
        &self,
        path: &Path,
        opts: &ImportOptions,
        progress: &mut dyn FnMut(&ImportReport),
    ) -> Result<ImportReport, TmError> {
        let mut reader = TmxReader::open(path)?;
        let mut report = ImportReport::default();
        for w in reader.take_warnings() {
            report.warn(w);
        }
        let mut writer = self.writer()?;
        while let Some(tu) = reader.next() {
            let tu = tu?;
            report.tus += 1;
            for w in reader.take_warnings() {
                report.warn(w);
            }
            for item in units_of(&tu, reader.header(), opts, &mut report) {
                match writer.add(&item, opts.duplicates) {
                    Ok(AddOutcome::Added(_)) => report.added += 1,
                    Ok(AddOutcome::Updated(_)) => report.updated += 1,
                    Ok(AddOutcome::Replaced { .. }) => report.replaced += 1,
                    Err(TmError::BadUnit { message, .. }) => {
                        report.skipped += 1;
                        report.warn(Warning {
                            line: tu.line,
                            tu: Some(tu.index),
                            message: format!("{message}; skipped"),
                        });
                    }
                    Err(e) => return Err(e),
                }
            }
            if report.tus % 10_000 == 0 {
                progress(&report);
            }
        }
        writer.commit()?;
        Ok(report)
    }

    /// Writes the units that `filter` selects to `out` as TMX 1.4b, in the order they were
    /// added, and returns how many. Reads one consistent snapshot, streaming. The units of one
    /// imported `<tu>` in several target languages are written back as one `<tu>`.
    pub fn export_tmx<W: Write>(
        &self,
        out: W,
        name: &Path,
        filter: &UnitFilter,
    ) -> Result<u64, TmError> {
        let path = self.path().to_path_buf();
        let (cond, params) = filter.sql();
        self.with_reader(|rc| {
            let tx = rc.conn.unchecked_transaction().db(&path)?;
            let langs: Vec<String> = {
                let sql = format!("SELECT DISTINCT src_lang FROM units WHERE {cond} LIMIT 2");
                let mut stmt = tx.prepare(&sql).db(&path)?;
                let rows = stmt
                    .query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))
                    .db(&path)?;
                rows.collect::<Result<_, _>>().db(&path)?
            };
            let srclang = if langs.len() == 1 {
                langs[0].clone()
            } else {
                "*all*".to_string()
            };
            let mut w = TmxWriter::new(out, &HeaderSpec::vibrief(&srclang), name)?;
            let sql = format!("SELECT {UNIT_COLS} FROM units WHERE {cond} ORDER BY id");
            let mut stmt = tx.prepare(&sql).db(&path)?;
            let mut rows = stmt
                .query(rusqlite::params_from_iter(params.iter()))
                .db(&path)?;
            let (mut n, mut tus) = (0, 0);
            // A `<tu>` in several target languages was imported as one unit per language,
            // stored one after the other: they go back out as one `<tu>`.
            let mut pending: Option<Tu> = None;
            while let Some(row) = rows.next().db(&path)? {
                let unit = raw_unit(row).db(&path)?.finish(&path)?;
                n += 1;
                let tu = tu_of(&unit, tus + 1, &srclang);
                match &mut pending {
                    Some(p) if same_tu(p, &tu) => p.tuvs.extend(tu.tuvs.into_iter().skip(1)),
                    _ => {
                        if let Some(p) = pending.replace(tu) {
                            w.write_tu(&p)?;
                        }
                        tus += 1;
                    }
                }
            }
            if let Some(p) = pending {
                w.write_tu(&p)?;
            }
            w.finish()?;
            Ok(n)
        })
    }
}

/// The units a `<tu>` holds for `opts`; problems become warnings in `report`.
fn units_of(
    tu: &Tu,
    header: &Header,
    opts: &ImportOptions,
    report: &mut ImportReport,
) -> Vec<Unit> {
    let warn = |report: &mut ImportReport, message: String| {
        report.skipped += 1;
        report.warn(Warning {
            line: tu.line,
            tu: Some(tu.index),
            message,
        });
    };
    let declared = opts
        .src_lang
        .as_deref()
        .or(tu.srclang(header))
        .filter(|l| *l != "*all*");
    let Some(srclang) = declared.or(tu.tuvs.first().map(|t| t.lang.as_str())) else {
        return Vec::new(); // no variants at all: the reader has warned
    };
    let mut sources = tu.variants(srclang);
    let Some(source) = sources.next() else {
        warn(
            report,
            format!("no variant in the source language {srclang}; unit skipped"),
        );
        return Vec::new();
    };
    if sources.next().is_some() {
        report.warn(Warning {
            line: tu.line,
            tu: Some(tu.index),
            message: format!(
                "several variants in the source language {srclang}; the first is used"
            ),
        });
    }
    let mut out = Vec::new();
    let mut any_target = false;
    for tuv in tu.tuvs.iter().filter(|t| !lang::matches(&t.lang, srclang)) {
        if opts
            .tgt_lang
            .as_deref()
            .is_some_and(|l| !lang::matches(&tuv.lang, l))
        {
            report.filtered += 1;
            continue;
        }
        any_target = true;
        out.push(unit_of(tu, source, tuv, opts));
    }
    if !any_target && opts.tgt_lang.is_none() {
        warn(
            report,
            format!("only the source language {srclang}, no translation; unit skipped"),
        );
    }
    out
}

fn unit_of(tu: &Tu, src: &Tuv, tgt: &Tuv, opts: &ImportOptions) -> Unit {
    let mut props = tu.props.clone();
    let take = |props: &mut Vec<Prop>, kind: &str| {
        let at = props.iter().position(|p| p.kind == kind)?;
        Some(props.remove(at).value)
    };
    let origin = take(&mut props, ORIGIN_PROP)
        .map(|o| o.parse::<Origin>().unwrap_or_else(|e| match e {}))
        .or_else(|| opts.origin.clone())
        .unwrap_or(Origin::TmImport);
    let status = take(&mut props, STATUS_PROP)
        .and_then(|s| s.parse::<Status>().ok())
        .or(opts.status)
        .unwrap_or(Status::Approved);
    let context = match take(&mut props, CONTEXT_PROP) {
        Some(v) => parse_context(&v),
        None => {
            // OmegaT's alternative translations carry their neighbours as props.
            let get = |k: &str| props.iter().find(|p| p.kind == k).map(|p| p.value.as_str());
            get("prev").zip(get("next")).map(|(p, n)| {
                Context::new(
                    Some(p).filter(|s| !s.is_empty()),
                    Some(n).filter(|s| !s.is_empty()),
                )
            })
        }
    };
    let time = |name: &str| tu.attr(name).or(tgt.attr(name)).and_then(parse_tmx_date);
    let created = time("creationdate").unwrap_or_else(now);
    let changed = time("changedate").unwrap_or(created);
    let side = |t: &Tuv| SideMeta {
        attrs: t.attrs.clone(),
        props: t.props.clone(),
        notes: t.notes.clone(),
        markup: t.seg.has_codes().then(|| t.seg.clone()),
    };
    Unit {
        id: 0,
        src_lang: canonical_lang(&src.lang),
        tgt_lang: canonical_lang(&tgt.lang),
        source: src.seg.plain_text(),
        target: tgt.seg.plain_text(),
        origin,
        status,
        context,
        created,
        changed,
        author: tu
            .attr("creationid")
            .or(tgt.attr("creationid"))
            .map(str::to_string),
        tool: tu.attr("creationtool").map(str::to_string),
        meta: UnitMeta {
            attrs: tu
                .attrs
                .iter()
                .filter(|(k, _)| !UNIT_ATTRS.contains(&k.as_str()))
                .cloned()
                .collect(),
            props,
            notes: tu.notes.clone(),
            source: side(src),
            target: side(tgt),
        },
    }
}

fn parse_context(v: &str) -> Option<Context> {
    let (p, n) = v.split_once(':')?;
    let hex = |s: &str| u64::from_str_radix(s, 16).ok().map(|x| x as i64);
    Some(Context {
        prev: hex(p)?,
        next: hex(n)?,
    })
}

/// Whether `next` is another target language of `tu`: the same source variant and the same
/// unit-level attributes (`tuid` among them), props and notes.
fn same_tu(tu: &Tu, next: &Tu) -> bool {
    tu.tuvs.first() == next.tuvs.first()
        && tu.attrs == next.attrs
        && tu.props == next.props
        && tu.notes == next.notes
        && !tu.tuvs[1..].iter().any(|t| t.lang == next.tuvs[1].lang)
}

/// The `<tu>` that exports `unit`.
fn tu_of(unit: &Unit, index: u64, header_srclang: &str) -> Tu {
    let mut attrs = unit.meta.attrs.clone();
    if header_srclang != unit.src_lang {
        attrs.push(("srclang".into(), unit.src_lang.clone()));
    }
    if let Some(tool) = &unit.tool {
        attrs.push(("creationtool".into(), tool.clone()));
    }
    attrs.push(("creationdate".into(), format_tmx_date(unit.created)));
    if let Some(author) = &unit.author {
        attrs.push(("creationid".into(), author.clone()));
    }
    attrs.push(("changedate".into(), format_tmx_date(unit.changed)));
    let mut props = vec![
        Prop {
            kind: ORIGIN_PROP.into(),
            value: unit.origin.to_string(),
            lang: None,
        },
        Prop {
            kind: STATUS_PROP.into(),
            value: unit.status.to_string(),
            lang: None,
        },
    ];
    if let Some(c) = unit.context {
        props.push(Prop {
            kind: CONTEXT_PROP.into(),
            value: format!("{:016x}:{:016x}", c.prev, c.next),
            lang: None,
        });
    }
    props.extend(unit.meta.props.iter().cloned());
    let tuv = |lang: &str, text: &str, side: &SideMeta| Tuv {
        lang: lang.to_string(),
        attrs: side.attrs.clone(),
        props: side.props.clone(),
        notes: side.notes.clone(),
        seg: side.markup.clone().unwrap_or_else(|| Seg::text(text)),
        line: 0,
    };
    Tu {
        index,
        line: 0,
        attrs,
        props,
        notes: unit.meta.notes.clone(),
        tuvs: vec![
            tuv(&unit.src_lang, &unit.source, &unit.meta.source),
            tuv(&unit.tgt_lang, &unit.target, &unit.meta.target),
        ],
    }
}
