//! The gleaner document model and its record format.
//!
//! Every stage of gleaner speaks these types: a [`Span`] is a half-open UTF-8 byte
//! range into the document text; a [`Token`] and a sentence are spans with a little
//! extra; an [`Entity`] is a labelled span with an [`EntityId`]; a [`Relation`] links
//! two entity ids. A [`Record`] is one line of `documents.jsonl` — the output
//! contract — and this crate is the one place where that format is defined, so the
//! writer (the pipeline) and the readers (the report, users' programs) cannot drift.
//!
//! ```
//! use gleaner_doc::{Entity, EntityId, EntityLabel, Record, Span};
//!
//! let mut rec = Record::new("news/a.txt", "Putin visited Baku.");
//! rec.sentences.push(Span::new(0, 19));
//! rec.entities.push(Entity::new(EntityId(0), Span::new(0, 5), EntityLabel::Person, "Putin"));
//! let line = rec.to_json_line()?;
//! assert!(line.starts_with(r#"{"schema":1,"id":"news/a.txt""#));
//!
//! let back = Record::from_json_line(&line)?;
//! let text = back.text.as_deref().unwrap_or_default();
//! assert_eq!(&text[back.entities[0].span()], "Putin");
//! # Ok::<(), gleaner_doc::RecordError>(())
//! ```
//!
//! # Errors
//! [`Record::from_json_line`] refuses malformed JSON and records whose `schema` is
//! not [`SCHEMA_VERSION`] with a [`RecordError`].
#![deny(missing_docs)]

use std::fmt;
use std::ops::{Index, Range};

use serde::{Deserialize, Serialize};

mod json;

/// The version of the record format this crate reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// A half-open `[start, end)` range of UTF-8 byte offsets into a document's text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span start {start} > end {end}");
        Span { start, end }
    }

    /// Length in bytes.
    #[inline]
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.start >= self.end
    }

    /// Whether `other` lies entirely inside this span.
    #[inline]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    #[inline]
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The span as a `Range`, for slicing.
    #[inline]
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

impl Index<Span> for str {
    type Output = str;
    #[inline]
    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}

impl Index<Span> for String {
    type Output = str;
    #[inline]
    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum TokenKind {
    /// Letters (possibly with digits, inner hyphens, apostrophes or periods): `Baku`, `U.S.`, `n't`.
    Word,
    /// A number: `100,000`, `3.5`, `2022-09-19`, `10:30`, `1990s`.
    Number,
    /// Punctuation: `.`, `,`, `"`, `(`, `--`, `...`.
    Punct,
    /// Any other symbol: `$`, `%`, `&`, emoji.
    Symbol,
    /// A web address.
    Url,
    /// An e-mail address.
    Email,
    /// A social-media handle: `@POTUS`.
    Mention,
    /// A hashtag: `#climate`.
    Hashtag,
}

/// Orthographic facts about a token, computed once by the tokenizer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Shape(u16);

impl Shape {
    /// First character is an uppercase letter.
    pub const CAPITALIZED: Shape = Shape(1);
    /// Every letter is uppercase and there are at least two letters (`NATO`, `U.S.`).
    pub const ALL_CAPS: Shape = Shape(1 << 1);
    /// Contains a digit.
    pub const HAS_DIGIT: Shape = Shape(1 << 2);
    /// Has a hyphen between two other characters (`non-profit`).
    pub const INNER_HYPHEN: Shape = Shape(1 << 3);
    /// Has an apostrophe between two other characters (`O'Brien`).
    pub const INNER_APOSTROPHE: Shape = Shape(1 << 4);
    /// Has a period inside or at the end (`U.S.`, `Mr.`).
    pub const HAS_PERIOD: Shape = Shape(1 << 5);
    /// Every character is a letter.
    pub const ALPHA: Shape = Shape(1 << 6);
    /// First character is a lowercase letter.
    pub const LOWER_START: Shape = Shape(1 << 7);
    /// Contains a character outside ASCII.
    pub const NON_ASCII: Shape = Shape(1 << 8);

    /// No facts.
    pub const fn empty() -> Shape {
        Shape(0)
    }

    /// Whether every fact in `other` holds.
    #[inline]
    pub const fn contains(self, other: Shape) -> bool {
        self.0 & other.0 == other.0
    }

    /// Adds the facts in `other`.
    #[inline]
    pub fn insert(&mut self, other: Shape) {
        self.0 |= other.0;
    }

    /// The raw bits.
    pub const fn bits(self) -> u16 {
        self.0
    }
}

impl std::ops::BitOr for Shape {
    type Output = Shape;
    fn bitor(self, rhs: Shape) -> Shape {
        Shape(self.0 | rhs.0)
    }
}

/// A token: a span of the text with its kind and shape. Tokens never contain
/// whitespace and never overlap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    /// Where the token is.
    pub span: Span,
    /// What it is made of.
    pub kind: TokenKind,
    /// Orthographic facts.
    pub shape: Shape,
}

impl Token {
    /// The token's text, given the document text it was cut from.
    #[inline]
    pub fn text(self, doc: &str) -> &str {
        &doc[self.span]
    }

    /// Shorthand for `self.shape.contains(s)`.
    #[inline]
    pub fn is(self, s: Shape) -> bool {
        self.shape.contains(s)
    }
}

/// Index of a token in a document's token list.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct TokenId(pub u32);

/// Identifier of an entity within one document (its index in [`Record::entities`]).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct EntityId(pub u32);

/// Entity labels: the OntoNotes 5 names, as spaCy spells them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[allow(missing_docs)]
pub enum EntityLabel {
    Person,
    Norp,
    Fac,
    Org,
    Gpe,
    Loc,
    Product,
    Event,
    WorkOfArt,
    Law,
    Language,
    Date,
    Time,
    Percent,
    Money,
    Quantity,
    Ordinal,
    Cardinal,
}

impl EntityLabel {
    /// Every label, in declaration order.
    pub const ALL: [EntityLabel; 18] = [
        EntityLabel::Person,
        EntityLabel::Norp,
        EntityLabel::Fac,
        EntityLabel::Org,
        EntityLabel::Gpe,
        EntityLabel::Loc,
        EntityLabel::Product,
        EntityLabel::Event,
        EntityLabel::WorkOfArt,
        EntityLabel::Law,
        EntityLabel::Language,
        EntityLabel::Date,
        EntityLabel::Time,
        EntityLabel::Percent,
        EntityLabel::Money,
        EntityLabel::Quantity,
        EntityLabel::Ordinal,
        EntityLabel::Cardinal,
    ];

    /// The label as written in records (`"PERSON"`, `"WORK_OF_ART"`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityLabel::Person => "PERSON",
            EntityLabel::Norp => "NORP",
            EntityLabel::Fac => "FAC",
            EntityLabel::Org => "ORG",
            EntityLabel::Gpe => "GPE",
            EntityLabel::Loc => "LOC",
            EntityLabel::Product => "PRODUCT",
            EntityLabel::Event => "EVENT",
            EntityLabel::WorkOfArt => "WORK_OF_ART",
            EntityLabel::Law => "LAW",
            EntityLabel::Language => "LANGUAGE",
            EntityLabel::Date => "DATE",
            EntityLabel::Time => "TIME",
            EntityLabel::Percent => "PERCENT",
            EntityLabel::Money => "MONEY",
            EntityLabel::Quantity => "QUANTITY",
            EntityLabel::Ordinal => "ORDINAL",
            EntityLabel::Cardinal => "CARDINAL",
        }
    }

    /// Parses a label as written in records.
    pub fn parse(s: &str) -> Option<EntityLabel> {
        EntityLabel::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// Whether this label names something (as opposed to a date or number).
    pub fn is_name(self) -> bool {
        !matches!(
            self,
            EntityLabel::Date
                | EntityLabel::Time
                | EntityLabel::Percent
                | EntityLabel::Money
                | EntityLabel::Quantity
                | EntityLabel::Ordinal
                | EntityLabel::Cardinal
        )
    }
}

impl fmt::Display for EntityLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A named entity or value mention.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Its id within the document.
    pub id: EntityId,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Its label.
    pub label: EntityLabel,
    /// The mention's text (`&text[start..end]`).
    pub text: String,
    /// The fullest name of this entity in the document ("Putin" -> "Vladimir Putin").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    /// For a nationality (NORP), the country it refers to ("Azerbaijani" -> "Azerbaijan").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl Entity {
    /// An entity without canonical name or country.
    pub fn new(id: EntityId, span: Span, label: EntityLabel, text: impl Into<String>) -> Entity {
        Entity {
            id,
            start: span.start,
            end: span.end,
            label,
            text: text.into(),
            canonical: None,
            country: None,
        }
    }

    /// Where the entity is.
    #[inline]
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }

    /// The canonical name, or the mention text when there is none.
    pub fn name(&self) -> &str {
        self.canonical.as_deref().unwrap_or(&self.text)
    }
}

/// Relation labels (see `docs/FORMAT.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum RelationLabel {
    WorksFor,
    LivesIn,
    LocatedIn,
    BasedIn,
    Killed,
    Visited,
    MetWith,
    ConflictWith,
}

impl RelationLabel {
    /// Every label.
    pub const ALL: [RelationLabel; 8] = [
        RelationLabel::WorksFor,
        RelationLabel::LivesIn,
        RelationLabel::LocatedIn,
        RelationLabel::BasedIn,
        RelationLabel::Killed,
        RelationLabel::Visited,
        RelationLabel::MetWith,
        RelationLabel::ConflictWith,
    ];

    /// The label as written in records.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationLabel::WorksFor => "works_for",
            RelationLabel::LivesIn => "lives_in",
            RelationLabel::LocatedIn => "located_in",
            RelationLabel::BasedIn => "based_in",
            RelationLabel::Killed => "killed",
            RelationLabel::Visited => "visited",
            RelationLabel::MetWith => "met_with",
            RelationLabel::ConflictWith => "conflict_with",
        }
    }

    /// Parses a label as written in records.
    pub fn parse(s: &str) -> Option<RelationLabel> {
        RelationLabel::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// Symmetric relations are written once, earlier mention as head.
    pub fn is_symmetric(self) -> bool {
        matches!(self, RelationLabel::MetWith | RelationLabel::ConflictWith)
    }
}

impl fmt::Display for RelationLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A typed relation between two entities of one document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// Its label.
    pub label: RelationLabel,
    /// The head entity.
    pub head: EntityId,
    /// The tail entity.
    pub tail: EntityId,
    /// The word or phrase that signals the relation ("President", "visit").
    #[serde(default)]
    pub trigger: Option<String>,
    /// The sentence the relation was read from.
    pub evidence: Span,
    /// The name of the rule that produced it.
    pub pattern: String,
    /// That rule's measured precision, in `[0, 1]`.
    pub confidence: f32,
}

/// One line of `documents.jsonl`: a document and everything found in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The record format's version ([`SCHEMA_VERSION`]).
    pub schema: u32,
    /// The document's path relative to the corpus root, `/`-separated.
    pub id: String,
    /// The headline, when the document starts with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The document text as decoded (absent with `--no-text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Sentence spans, in order.
    #[serde(default)]
    pub sentences: Vec<Span>,
    /// Token spans, in order (present only when asked for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<Span>>,
    /// Entities, sorted by position; `entities[i].id == EntityId(i)`.
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// Relations between entities of this document.
    #[serde(default)]
    pub relations: Vec<Relation>,
    /// Repairs made while reading (a BOM removed, invalid UTF-8 replaced, ...).
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Why the document could not be read or processed, if it could not.
    #[serde(default)]
    pub error: Option<String>,
}

impl Record {
    /// An empty record for a document with the given id and text.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Record {
        Record {
            schema: SCHEMA_VERSION,
            id: id.into(),
            title: None,
            text: Some(text.into()),
            sentences: Vec::new(),
            tokens: None,
            entities: Vec::new(),
            relations: Vec::new(),
            warnings: Vec::new(),
            error: None,
        }
    }

    /// A record for a document that could not be read or processed.
    pub fn failed(id: impl Into<String>, error: impl Into<String>) -> Record {
        let mut r = Record::new(id, String::new());
        r.text = None;
        r.error = Some(error.into());
        r
    }

    /// Serialises the record as one JSON line (without the newline).
    pub fn to_json_line(&self) -> Result<String, RecordError> {
        let mut buf = Vec::with_capacity(256);
        json::write_record(self, &mut buf);
        String::from_utf8(buf).map_err(|e| RecordError::json(serde::ser::Error::custom(e)))
    }

    /// Appends the record and a newline to `buf`.
    pub fn write_json_line(&self, buf: &mut Vec<u8>) -> Result<(), RecordError> {
        json::write_record(self, buf);
        buf.push(b'\n');
        Ok(())
    }

    /// Parses one JSON line, refusing schema versions this crate does not know.
    pub fn from_json_line(line: &str) -> Result<Record, RecordError> {
        #[derive(Deserialize)]
        struct Version {
            schema: Option<u32>,
        }
        let v: Version = serde_json::from_str(line).map_err(RecordError::json)?;
        match v.schema {
            Some(SCHEMA_VERSION) => serde_json::from_str(line).map_err(RecordError::json),
            other => Err(RecordError {
                kind: RecordErrorKind::Schema(other),
            }),
        }
    }
}

/// A record could not be read.
#[derive(Debug)]
pub struct RecordError {
    kind: RecordErrorKind,
}

/// What went wrong reading a record.
#[derive(Debug)]
#[non_exhaustive]
pub enum RecordErrorKind {
    /// The line is not a JSON record of this format.
    Json(serde_json::Error),
    /// The record's schema version is missing or unknown.
    Schema(Option<u32>),
}

impl RecordError {
    fn json(e: serde_json::Error) -> RecordError {
        RecordError {
            kind: RecordErrorKind::Json(e),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &RecordErrorKind {
        &self.kind
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            RecordErrorKind::Json(e) => write!(f, "invalid record: {e}"),
            RecordErrorKind::Schema(Some(v)) => write!(
                f,
                "record schema {v} is not supported (this gleaner reads schema {SCHEMA_VERSION})"
            ),
            RecordErrorKind::Schema(None) => f.write_str("record has no schema version"),
        }
    }
}

impl std::error::Error for RecordError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            RecordErrorKind::Json(e) => Some(e),
            RecordErrorKind::Schema(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_field_order_and_nulls() {
        let mut r = Record::new("a.txt", "Hi.");
        r.sentences.push(Span::new(0, 3));
        let line = r.to_json_line().unwrap();
        assert_eq!(
            line,
            r#"{"schema":1,"id":"a.txt","text":"Hi.","sentences":[{"start":0,"end":3}],"entities":[],"relations":[],"warnings":[],"error":null}"#
        );
    }

    #[test]
    fn refuses_unknown_schema() {
        let err = Record::from_json_line(r#"{"schema":2,"id":"a"}"#).unwrap_err();
        assert!(matches!(err.kind(), RecordErrorKind::Schema(Some(2))));
        assert!(err.to_string().contains("schema 2"));
        assert!(Record::from_json_line("not json").is_err());
    }

    #[test]
    fn labels_round_trip() {
        for l in EntityLabel::ALL {
            assert_eq!(EntityLabel::parse(l.as_str()), Some(l));
            let json = serde_json::to_string(&l).unwrap();
            assert_eq!(json, format!("\"{}\"", l.as_str()));
        }
        for l in RelationLabel::ALL {
            assert_eq!(RelationLabel::parse(l.as_str()), Some(l));
            let json = serde_json::to_string(&l).unwrap();
            assert_eq!(json, format!("\"{}\"", l.as_str()));
        }
    }

    #[test]
    fn relation_round_trip() {
        let mut r = Record::new("a.txt", "Putin met Aliyev.");
        r.entities.push(Entity::new(
            EntityId(0),
            Span::new(0, 5),
            EntityLabel::Person,
            "Putin",
        ));
        r.entities.push(Entity::new(
            EntityId(1),
            Span::new(10, 16),
            EntityLabel::Person,
            "Aliyev",
        ));
        r.relations.push(Relation {
            label: RelationLabel::MetWith,
            head: EntityId(0),
            tail: EntityId(1),
            trigger: Some("met".into()),
            evidence: Span::new(0, 17),
            pattern: "x-met-y".into(),
            confidence: 0.8,
        });
        let back = Record::from_json_line(&r.to_json_line().unwrap()).unwrap();
        assert_eq!(back, r);
    }
}
