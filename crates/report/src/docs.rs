//! The documents shown in full in `report.html`: the first N offered, each cut to a
//! byte budget, so memory stays bounded however large the corpus.

use gleaner_doc::{EntityLabel, Record, RelationLabel, Span};

/// Documents shown in full unless [`HtmlDocs::new`] says otherwise.
pub const DEFAULT_HTML_DOCS: usize = 50;

/// Text kept per shown document unless [`HtmlDocs::with_max_text_bytes`] says otherwise.
pub const DEFAULT_MAX_TEXT_BYTES: usize = 200_000;

/// The first documents of a corpus, kept for `report.html`. Offer every record in
/// corpus order; the first `limit` are kept, the rest only counted.
#[derive(Clone, Debug)]
pub struct HtmlDocs {
    limit: usize,
    max_text_bytes: usize,
    offered: u64,
    docs: Vec<HtmlDoc>,
}

/// One document as the HTML page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct HtmlDoc {
    /// The document id.
    pub id: String,
    /// Its headline.
    pub title: Option<String>,
    /// Its text, possibly cut (see `truncated`); empty when the record had none.
    pub text: String,
    /// Whether `text` was cut to the byte budget.
    pub truncated: bool,
    /// Whether the record carried no text at all.
    pub missing_text: bool,
    /// Entities inside `text`: span, label, canonical name.
    pub entities: Vec<(Span, EntityLabel, String)>,
    /// Relations: head name, label, tail name, trigger.
    pub relations: Vec<(String, RelationLabel, String, Option<String>)>,
    /// The record's error.
    pub error: Option<String>,
    /// The record's warnings.
    pub warnings: Vec<String>,
}

impl Default for HtmlDocs {
    fn default() -> Self {
        HtmlDocs::new(DEFAULT_HTML_DOCS)
    }
}

impl HtmlDocs {
    /// Keeps the first `limit` documents offered (0: none, for a texts-free page).
    pub fn new(limit: usize) -> HtmlDocs {
        HtmlDocs {
            limit,
            max_text_bytes: DEFAULT_MAX_TEXT_BYTES,
            offered: 0,
            docs: Vec::new(),
        }
    }

    /// Cuts each kept text to `n` bytes (at a character boundary).
    pub fn with_max_text_bytes(mut self, n: usize) -> HtmlDocs {
        self.max_text_bytes = n;
        self
    }

    /// Offers a record: kept while fewer than `limit` are kept, counted always.
    pub fn offer(&mut self, rec: &Record) {
        self.offered += 1;
        if self.docs.len() >= self.limit {
            return;
        }
        let full = rec.text.as_deref().unwrap_or("");
        let mut cut = full.len().min(self.max_text_bytes);
        while !full.is_char_boundary(cut) {
            cut -= 1;
        }
        let text = &full[..cut];
        let entities = rec
            .entities
            .iter()
            .filter(|e| e.start <= e.end && text.get(e.start..e.end).is_some())
            .map(|e| (e.span(), e.label, e.name().to_string()))
            .collect();
        let name = |id: gleaner_doc::EntityId| {
            rec.entities
                .get(id.0 as usize)
                .map(|e| match (&e.label, &e.country) {
                    (EntityLabel::Norp, Some(c)) => c.clone(),
                    _ => e.name().to_string(),
                })
        };
        let relations = rec
            .relations
            .iter()
            .filter_map(|r| Some((name(r.head)?, r.label, name(r.tail)?, r.trigger.clone())))
            .collect();
        self.docs.push(HtmlDoc {
            id: rec.id.clone(),
            title: rec.title.clone(),
            text: text.to_string(),
            truncated: cut < full.len(),
            missing_text: rec.text.is_none(),
            entities,
            relations,
            error: rec.error.clone(),
            warnings: rec.warnings.clone(),
        });
    }

    /// The kept documents, in the order offered.
    pub fn docs(&self) -> &[HtmlDoc] {
        &self.docs
    }

    /// How many records were offered.
    pub fn offered(&self) -> u64 {
        self.offered
    }

    /// The most documents kept.
    pub fn limit(&self) -> usize {
        self.limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_n_and_cuts_text() {
        let mut d = HtmlDocs::new(2).with_max_text_bytes(3);
        for i in 0..5 {
            d.offer(&Record::new(format!("{i}.txt"), "héllo"));
        }
        assert_eq!(d.offered(), 5);
        assert_eq!(d.docs().len(), 2);
        assert_eq!(d.docs()[0].text, "hé");
        assert!(d.docs()[0].truncated);
    }
}
