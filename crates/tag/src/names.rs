//! Names: lexicon matches, capitalised-sequence chunking and classification, and
//! in-document propagation of names and aliases.

use gleaner_doc::{EntityLabel, Shape, Span, Token, TokenKind};

use crate::lexicon::{Entry, FxMap, Kind, Layers, Phrase, TitleKind};

/// A name mention over tokens `[start, end)`.
#[derive(Clone, Debug)]
pub(crate) struct Name {
    pub start: usize,
    pub end: usize,
    pub label: EntityLabel,
    pub canonical: Option<Box<str>>,
    pub country: Option<Box<str>>,
}

/// Lowercase words that join capitalised words inside a name.
const CONNECTORS: &[&str] = &[
    "al", "bin", "da", "das", "de", "del", "della", "der", "des", "di", "do", "dos", "du", "el",
    "ibn", "la", "le", "of", "van", "von", "y", "zu",
];

/// Capitalised function words that never start a name.
const STOP: &[&str] = &[
    "A", "After", "All", "Also", "An", "And", "Any", "As", "At", "But", "By", "During", "Each",
    "Every", "For", "From", "He", "Her", "Here", "His", "How", "I", "If", "In", "Into", "It",
    "Its", "Let", "My", "No", "Not", "Now", "Of", "On", "Once", "One", "Or", "Our", "She", "So",
    "Some", "Such", "That", "The", "Their", "Then", "There", "These", "They", "This", "Those",
    "Though", "Thus", "To", "Under", "Until", "Upon", "We", "What", "When", "Where", "Which",
    "While", "Who", "Why", "With", "Yes", "Yet", "You", "Your",
];

/// Acronyms that are not organisations.
const NOT_ORG_ACRONYMS: &[&str] = &[
    "AD", "AI", "AM", "BC", "CEO", "CFO", "COO", "CT", "DC", "DNA", "DJ", "DVD", "EST", "FAQ",
    "GDP", "GMT", "HIV", "ID", "II", "III", "IQ", "IT", "IV", "LGBT", "LGBTQ", "MP", "MPs", "OK",
    "PC", "PDF", "PM", "PR", "PS", "RNA", "SMS", "SUV", "TV", "UK", "UN", "US", "USA", "UTC", "VI",
    "VII", "VIII", "VIP", "XI", "XII", "CV", "PhD", "AIDS", "COVID",
];

/// Words after a name that say it is a person.
const SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "asked",
    "wrote",
    "argued",
    "explained",
    "noted",
    "replied",
    "recalled",
    "insisted",
    "warned",
    "stated",
    "declared",
    "announced",
    "died",
    "smiled",
    "laughed",
    "nodded",
];

struct Ctx<'a> {
    text: &'a str,
    tokens: &'a [Token],
    lex: &'a Layers,
    /// Capitalisation of this token says nothing (sentence start, headline).
    weak: Vec<bool>,
    /// Lexicon match starting here: end token and phrase.
    hits: Vec<Option<(usize, &'a Phrase)>>,
}

impl<'a> Ctx<'a> {
    fn s(&self, i: usize) -> &'a str {
        &self.text[self.tokens[i].span]
    }

    fn is_cap(&self, i: usize) -> bool {
        let t = self.tokens[i];
        t.kind == TokenKind::Word && t.is(Shape::CAPITALIZED)
    }

    fn entity_entry(&self, i: usize, end: usize) -> Option<&'a Entry> {
        match self.hits[i] {
            Some((e, p)) if e == end => {
                p.entries.iter().find(|e| matches!(e.kind, Kind::Entity(_)))
            }
            _ => None,
        }
    }

    fn title_at(&self, i: usize) -> Option<(usize, TitleKind)> {
        let (e, p) = self.hits[i]?;
        p.entries.iter().find_map(|en| match en.kind {
            Kind::Title(k) => Some((e, k)),
            _ => None,
        })
    }

    fn is_junk_start(&self, i: usize) -> bool {
        let w = self.s(i);
        if STOP.contains(&w) {
            return true;
        }
        if !self.weak[i] {
            return false;
        }
        if self.entity_entry_any(i) || (self.lex.is_given(w) && !self.lex.is_ambiguous_given(w)) {
            return false;
        }
        let lower = w.to_lowercase();
        self.lex.is_common(&lower) || self.tokens[i].is(Shape::ALL_CAPS) && w.len() > 5
    }

    fn entity_entry_any(&self, i: usize) -> bool {
        self.hits[i]
            .is_some_and(|(_, p)| p.entries.iter().any(|e| matches!(e.kind, Kind::Entity(_))))
    }
}

/// Marks tokens whose capitalisation carries no information.
fn weak_tokens(text: &str, tokens: &[Token], sentences: &[Span]) -> Vec<bool> {
    let mut weak = vec![false; tokens.len()];
    let mut ti = 0;
    for s in sentences {
        let a = ti;
        while ti < tokens.len() && tokens[ti].span.end <= s.end {
            ti += 1;
        }
        let range = a..ti;
        // A title-case or all-caps sentence: capitals everywhere.
        let mut words = 0;
        let mut caps = 0;
        for t in &tokens[range.clone()] {
            if t.kind == TokenKind::Word && t.is(Shape::ALPHA) {
                let w = &text[t.span];
                if w.len() <= 3 && t.is(Shape::LOWER_START) {
                    continue;
                }
                words += 1;
                caps += usize::from(t.is(Shape::CAPITALIZED));
            }
        }
        let headline = words >= 3 && caps * 10 >= words * 8;
        let mut first = true;
        for i in range {
            let t = tokens[i];
            if headline {
                weak[i] = true;
            }
            if first && t.kind == TokenKind::Word {
                weak[i] = true;
                first = false;
            }
            // After a colon or an opening quote the next word starts afresh.
            let w = &text[t.span];
            if matches!(w, ":" | "\"" | "“" | "‘" | "(" | "—" | "–" | "-" | "--")
                && i + 1 < tokens.len()
            {
                let prev_quote_open = matches!(w, "\"" | "“" | "‘");
                if w == ":" || prev_quote_open {
                    weak[i + 1] = true;
                }
            }
        }
    }
    weak
}

fn lexicon_hits<'a>(
    text: &str,
    tokens: &[Token],
    lex: &'a Layers,
) -> Vec<Option<(usize, &'a Phrase)>> {
    let n = tokens.len();
    let mut hits = vec![None; n];
    for i in 0..n {
        let first = &text[tokens[i].span];
        for p in lex.phrases(first) {
            let end = i + 1 + p.rest.len();
            if end > n {
                continue;
            }
            if p.rest
                .iter()
                .enumerate()
                .all(|(k, w)| **w == text[tokens[i + 1 + k].span])
            {
                hits[i] = Some((end, p));
                break;
            }
        }
    }
    hits
}

/// Finds the names in a document.
pub(crate) fn find(
    text: &str,
    tokens: &[Token],
    sentences: &[Span],
    lex: &Layers,
    calendar: &mut [u8],
) -> Vec<Name> {
    let n = tokens.len();
    let ctx = Ctx {
        text,
        tokens,
        lex,
        weak: weak_tokens(text, tokens, sentences),
        hits: lexicon_hits(text, tokens, lex),
    };
    // Calendar words for the value pass: 1 month, 2 other.
    for i in 0..n {
        if let Some((_, p)) = ctx.hits[i] {
            for e in &p.entries {
                if let Kind::Calendar { ambiguous } = e.kind {
                    let w = ctx.s(i);
                    // "May" and "March" only as dates next to a number or a year.
                    let numeric_next = i + 1 < n && tokens[i + 1].kind == TokenKind::Number;
                    let numeric_prev = i >= 1 && tokens[i - 1].kind == TokenKind::Number;
                    if !ambiguous || numeric_next || numeric_prev {
                        calendar[i] = if is_month(w) { 1 } else { 2 };
                    }
                }
            }
        }
    }

    let mut names: Vec<Name> = Vec::new();
    let mut unknown: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        if !ctx.is_cap(i) && !ctx.entity_entry_any(i) {
            i += 1;
            continue;
        }
        let end = chunk_end(&ctx, i, calendar);
        if end == i {
            i += 1;
            continue;
        }
        classify_chunk(&ctx, i, end, &mut names, &mut unknown, calendar);
        i = end;
    }
    resolve(&ctx, &mut names, &unknown);
    names.sort_by_key(|m| m.start);
    names
}

fn is_month(w: &str) -> bool {
    matches!(
        w.trim_end_matches('.'),
        "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
    )
}

/// The end of the capitalised chunk starting at `i`.
fn chunk_end(ctx: &Ctx, i: usize, calendar: &[u8]) -> usize {
    let n = ctx.tokens.len();
    let mut j = i;
    loop {
        // One word (or one lexicon name, which may contain connectors: "Trinidad and Tobago").
        match ctx.hits[j].filter(|_| ctx.entity_entry_any(j)) {
            Some((e, _)) if j == i || ctx.is_cap(j) => j = e,
            _ => {
                let word = ctx.is_cap(j)
                    || (j > i
                        && ctx.tokens[j].kind == TokenKind::Word
                        && ctx.tokens[j].is(Shape::ALL_CAPS));
                if !word || calendar[j] != 0 {
                    return j;
                }
                j += 1;
            }
        }
        if j >= n {
            return j;
        }
        match joiner_len(ctx, j) {
            Some(k) => j += k,
            None => return j,
        }
    }
}

/// How many tokens join the word ending before `j` to a capitalised word after them:
/// 0 for adjacent words, 1 for a connector, hyphen or ampersand, 2 for `al-`.
fn joiner_len(ctx: &Ctx, j: usize) -> Option<usize> {
    let n = ctx.tokens.len();
    let cap_at = |k: usize| k < n && (ctx.is_cap(k) || ctx.entity_entry_any(k));
    if cap_at(j) {
        // Adjacent capitalised words, unless a line break separates them.
        let gap = &ctx.text[ctx.tokens[j - 1].span.end..ctx.tokens[j].span.start];
        return (!gap.contains('\n')).then_some(0);
    }
    let w = ctx.s(j);
    let adjacent = |a: usize, b: usize| ctx.tokens[a].span.end == ctx.tokens[b].span.start;
    match w {
        "-" if j + 1 < n && adjacent(j - 1, j) && adjacent(j, j + 1) && cap_at(j + 1) => Some(1),
        "&" if cap_at(j + 1) => Some(1),
        _ if CONNECTORS.contains(&w) => {
            if cap_at(j + 1) {
                Some(1)
            } else if j + 2 < n && ctx.s(j + 1) == "-" && cap_at(j + 2) {
                Some(2)
            } else {
                None
            }
        }
        _ => None,
    }
}

fn push(
    names: &mut Vec<Name>,
    start: usize,
    end: usize,
    label: EntityLabel,
    entry: Option<&Entry>,
) {
    names.push(Name {
        start,
        end,
        label,
        canonical: entry.and_then(|e| e.canonical.clone()),
        country: entry.and_then(|e| e.country.clone()),
    });
}

/// Splits a chunk at titles and leading nationalities, then classifies each segment.
fn classify_chunk(
    ctx: &Ctx,
    a: usize,
    b: usize,
    names: &mut Vec<Name>,
    unknown: &mut Vec<(usize, usize)>,
    calendar: &[u8],
) {
    let mut a = a;
    while a < b && ctx.is_junk_start(a) && ctx.title_at(a).is_none_or(|(e, _)| e >= b) {
        a += 1;
    }
    while a < b && (CONNECTORS.contains(&ctx.s(a)) || matches!(ctx.s(a), "-" | "&")) {
        a += 1;
    }
    if a >= b {
        return;
    }
    // Whole chunk in the lexicon: take it as it is.
    if let Some(e) = ctx.entity_entry(a, b) {
        if let Kind::Entity(label) = e.kind {
            if e.weight >= 40 || has_place_context(ctx, a, b) {
                push(names, a, b, label, Some(e));
                return;
            }
        }
    }
    let mut cue: Option<TitleKind> = None;
    let mut seg = a;
    let mut p = a;
    // A title word before the chunk ("chief executive Tim Cook", "said Mr").
    if a >= 1 {
        if let Some(k) = title_ending_at(ctx, a) {
            cue = Some(k);
        }
    }
    while p < b {
        if let Some((e, k)) = ctx.title_at(p) {
            if e < b && e > p {
                classify_segment(ctx, seg, p, cue.take(), names, unknown);
                p = e;
                // "President of Russia": the title is followed by a connector, not a name.
                if p < b && CONNECTORS.contains(&ctx.s(p)) {
                    p += 1;
                    seg = p;
                    continue;
                }
                cue = Some(k);
                seg = p;
                continue;
            }
        }
        if p == seg {
            if let Some(en) = ctx.entity_entry_any_end(p) {
                let (e, entry) = en;
                if matches!(entry.kind, Kind::Entity(EntityLabel::Norp)) && e < b {
                    // "Russian President ...", "Azerbaijani Ilham Aliyev": the nationality
                    // stands alone unless the rest makes it an organisation name.
                    if !segment_is_org(ctx, p, b) && ctx.entity_entry(p, b).is_none() {
                        push(names, p, e, EntityLabel::Norp, Some(entry));
                        p = e;
                        seg = p;
                        continue;
                    }
                }
            }
        }
        if calendar[p] != 0 && p > seg {
            classify_segment(ctx, seg, p, cue.take(), names, unknown);
            seg = p + 1;
        }
        p += 1;
    }
    classify_segment(ctx, seg, b, cue, names, unknown);
}

impl<'a> Ctx<'a> {
    fn entity_entry_any_end(&self, i: usize) -> Option<(usize, &'a Entry)> {
        let (e, p) = self.hits[i]?;
        p.entries
            .iter()
            .find(|en| matches!(en.kind, Kind::Entity(_)))
            .map(|en| (e, en))
    }
}

/// A title that ends right before token `a` ("chief executive", "Mr.").
fn title_ending_at(ctx: &Ctx, a: usize) -> Option<TitleKind> {
    for back in 1..=3 {
        if back > a {
            break;
        }
        if let Some((e, k)) = ctx.title_at(a - back) {
            if e == a {
                return Some(k);
            }
        }
    }
    None
}

fn segment_is_org(ctx: &Ctx, a: usize, b: usize) -> bool {
    let last = ctx.s(b - 1);
    ctx.lex.is_org_head(last)
        || (b - a >= 3 && ctx.lex.is_org_head(ctx.s(a)) && ctx.s(a + 1) == "of")
}

fn has_place_context(ctx: &Ctx, a: usize, b: usize) -> bool {
    if ctx.weak[a] {
        return false;
    }
    let before = if a >= 1 { ctx.s(a - 1) } else { "" };
    let after = if b < ctx.tokens.len() { ctx.s(b) } else { "" };
    matches!(before, "in" | "from" | "near" | "to" | "at" | "outside")
        || (after == "," && b + 1 < ctx.tokens.len() && ctx.entity_entry_any(b + 1))
}

fn classify_segment(
    ctx: &Ctx,
    a: usize,
    b: usize,
    cue: Option<TitleKind>,
    names: &mut Vec<Name>,
    unknown: &mut Vec<(usize, usize)>,
) {
    let mut a = a;
    let mut b = b;
    while a < b && (CONNECTORS.contains(&ctx.s(a)) || matches!(ctx.s(a), "-" | "&")) {
        a += 1;
    }
    while b > a && (CONNECTORS.contains(&ctx.s(b - 1)) || matches!(ctx.s(b - 1), "-" | "&")) {
        b -= 1;
    }
    if a >= b {
        return;
    }
    let len = b - a;
    let first = ctx.s(a);
    let last = ctx.s(b - 1);
    let person_cue = matches!(
        cue,
        Some(
            TitleKind::Honorific
                | TitleKind::Office
                | TitleKind::Military
                | TitleKind::Religious
                | TitleKind::Business
        )
    );
    if person_cue {
        push(names, a, b, EntityLabel::Person, None);
        return;
    }
    if let Some(e) = ctx.entity_entry(a, b) {
        if let Kind::Entity(label) = e.kind {
            if e.weight >= 40 || has_place_context(ctx, a, b) {
                push(names, a, b, label, Some(e));
                return;
            }
        }
    }
    // Heads: "... University", "Bank of ...", "... River", "... Airport", "... County".
    if len >= 2 {
        if segment_is_org(ctx, a, b) {
            push(names, a, b, EntityLabel::Org, None);
            return;
        }
        if ctx.lex.is_loc_head(last)
            || (ctx.lex.is_loc_head(first)
                && matches!(first, "Mount" | "Lake" | "Cape" | "Gulf" | "Mt." | "Isle"))
        {
            push(names, a, b, EntityLabel::Loc, None);
            return;
        }
        if ctx.lex.is_fac_head(last) {
            push(names, a, b, EntityLabel::Fac, None);
            return;
        }
        if ctx.lex.is_gpe_head(last) {
            push(names, a, b, EntityLabel::Gpe, None);
            return;
        }
    }
    let given = |w: &str| ctx.lex.is_given(w) && !ctx.lex.is_ambiguous_given(w) && w.len() > 1;
    if (2..=4).contains(&len)
        && given(first)
        && ctx.tokens[a + 1..b]
            .iter()
            .all(|t| t.is(Shape::CAPITALIZED) || !t.is(Shape::ALPHA))
    {
        push(names, a, b, EntityLabel::Person, None);
        return;
    }
    // Lexicon names inside the segment stand alone; the rest is classified on its own.
    let mut p = a;
    let mut any = false;
    let mut rest_start = a;
    while p < b {
        if let Some((e, entry)) = ctx.entity_entry_any_end(p) {
            if e <= b && (entry.weight >= 40 || has_place_context(ctx, p, e)) {
                if let Kind::Entity(label) = entry.kind {
                    if rest_start < p {
                        classify_rest(ctx, rest_start, p, names, unknown);
                    }
                    push(names, p, e, label, Some(entry));
                    any = true;
                    p = e;
                    rest_start = p;
                    continue;
                }
            }
        }
        p += 1;
    }
    if any {
        if rest_start < b {
            classify_rest(ctx, rest_start, b, names, unknown);
        }
        return;
    }
    classify_rest(ctx, a, b, names, unknown);
}

/// A capitalised run with no lexicon entry, title or head word.
fn classify_rest(
    ctx: &Ctx,
    a: usize,
    b: usize,
    names: &mut Vec<Name>,
    unknown: &mut Vec<(usize, usize)>,
) {
    let mut a = a;
    while a < b
        && (ctx.is_junk_start(a) || CONNECTORS.contains(&ctx.s(a)) || matches!(ctx.s(a), "-" | "&"))
    {
        a += 1;
    }
    let mut b = b;
    while b > a && (CONNECTORS.contains(&ctx.s(b - 1)) || matches!(ctx.s(b - 1), "-" | "&")) {
        b -= 1;
    }
    if a >= b {
        return;
    }
    let len = b - a;
    let first = ctx.s(a);
    let last = ctx.s(b - 1);
    let given = |w: &str| ctx.lex.is_given(w) && !ctx.lex.is_ambiguous_given(w) && w.len() > 1;
    if given(first) && (len >= 2 || !ctx.weak[a]) {
        push(names, a, b, EntityLabel::Person, None);
        return;
    }
    if len >= 2 && ctx.lex.is_surname(last) && !ctx.lex.is_common(&last.to_lowercase()) {
        push(names, a, b, EntityLabel::Person, None);
        return;
    }
    let t = ctx.tokens[a];
    let after_the = a >= 1 && ctx.s(a - 1).eq_ignore_ascii_case("the");
    if len == 1
        && t.is(Shape::ALL_CAPS)
        && (2..=6).contains(&first.len())
        && !NOT_ORG_ACRONYMS.contains(&first)
        && after_the
    {
        push(names, a, b, EntityLabel::Org, None);
        return;
    }
    unknown.push((a, b));
}

/// Context and propagation: unknown capitalised runs and weak tokens that repeat a name
/// found elsewhere in the document take its label; surnames of people become people.
fn resolve(ctx: &Ctx, names: &mut Vec<Name>, unknown: &[(usize, usize)]) {
    let n = ctx.tokens.len();
    // Token strings of known names -> (label, canonical).
    let mut known: FxMap<Vec<&str>, (EntityLabel, Option<Box<str>>)> = FxMap::default();
    let key = |a: usize, b: usize| -> Vec<&str> { (a..b).map(|i| ctx.s(i)).collect() };
    for m in names.iter() {
        if matches!(
            m.label,
            EntityLabel::Person
                | EntityLabel::Org
                | EntityLabel::Gpe
                | EntityLabel::Loc
                | EntityLabel::Fac
        ) {
            known
                .entry(key(m.start, m.end))
                .or_insert((m.label, m.canonical.clone()));
        }
        if m.label == EntityLabel::Person && m.end - m.start >= 2 {
            let full: String =
                ctx.text[ctx.tokens[m.start].span.start..ctx.tokens[m.end - 1].span.end].to_owned();
            let surname = m.end - 1;
            known
                .entry(vec![ctx.s(surname)])
                .and_modify(|v| {
                    if v.0 != EntityLabel::Person {
                        *v = (EntityLabel::Person, Some(full.clone().into()));
                    }
                })
                .or_insert((EntityLabel::Person, Some(full.into())));
        }
    }
    // Acronyms defined in brackets: "Korean People's Army (KPA)".
    for m in names.iter() {
        if m.end + 2 < n
            && ctx.s(m.end) == "("
            && ctx.s(m.end + 2) == ")"
            && ctx.tokens[m.end + 1].is(Shape::ALL_CAPS)
        {
            let name =
                ctx.text[ctx.tokens[m.start].span.start..ctx.tokens[m.end - 1].span.end].to_owned();
            known.insert(vec![ctx.s(m.end + 1)], (m.label, Some(name.into())));
        }
    }
    let covered =
        |names: &Vec<Name>, a: usize, b: usize| names.iter().any(|m| m.start < b && a < m.end);
    let mut added: Vec<Name> = Vec::new();
    for &(a, b) in unknown {
        if let Some((label, canon)) = known.get(&key(a, b)) {
            added.push(Name {
                start: a,
                end: b,
                label: *label,
                canonical: canon.clone(),
                country: None,
            });
            continue;
        }
        // Context cues.
        let after = if b < n { ctx.s(b) } else { "" };
        let after2 = if b + 1 < n { ctx.s(b + 1) } else { "" };
        let len = b - a;
        if (SPEECH.contains(&after) || (after == "," && SPEECH.contains(&after2))) && len <= 3 {
            {
                added.push(Name {
                    start: a,
                    end: b,
                    label: EntityLabel::Person,
                    canonical: None,
                    country: None,
                });
                continue;
            }
        }
        if after == "-" && b + 1 < n && matches!(after2, "based" | "headquartered") {
            added.push(Name {
                start: a,
                end: b,
                label: EntityLabel::Gpe,
                canonical: None,
                country: None,
            });
            continue;
        }
        // A capitalised run of words that are not ordinary English words reads as a
        // name, most often a person's.
        let uncommon = (a..b).all(|k| {
            let w = ctx.s(k);
            ctx.tokens[k].is(Shape::CAPITALIZED)
                && !ctx.tokens[k].is(Shape::ALL_CAPS)
                && !ctx.lex.is_common(&w.to_lowercase())
        });
        let single_ok = len > 1 || {
            let w = ctx.s(a);
            w.chars().count() > 2 && (ctx.lex.is_surname(w) || ctx.lex.is_given(w))
        };
        if uncommon && single_ok && !ctx.weak[a] && len <= 3 {
            added.push(Name {
                start: a,
                end: b,
                label: EntityLabel::Person,
                canonical: None,
                country: None,
            });
        }
    }
    names.extend(added);
    // Weak tokens and uncovered capitalised words that repeat a known name.
    let mut i = 0;
    let mut extra = Vec::new();
    while i < n {
        if !ctx.tokens[i].is(Shape::CAPITALIZED) || covered(names, i, i + 1) {
            i += 1;
            continue;
        }
        let mut found = None;
        for len in (1..=4).rev() {
            if i + len > n || covered(names, i, i + len) {
                continue;
            }
            if let Some((label, canon)) = known.get(&key(i, i + len)) {
                found = Some((len, *label, canon.clone()));
                break;
            }
        }
        if let Some((len, label, canonical)) = found {
            extra.push(Name {
                start: i,
                end: i + len,
                label,
                canonical,
                country: None,
            });
            i += len;
        } else {
            i += 1;
        }
    }
    names.extend(extra);
    // A one-word place that is the surname of a person in this document is that person
    // ("Tyler" after "John Tyler"), unless it is a country or capital.
    for m in names.iter_mut() {
        if m.end - m.start == 1 && matches!(m.label, EntityLabel::Gpe | EntityLabel::Loc) {
            if let Some((EntityLabel::Person, canon)) = known.get(&vec![ctx.s(m.start)]) {
                let strong = ctx
                    .entity_entry(m.start, m.end)
                    .is_some_and(|e| e.weight >= 90);
                if !strong {
                    m.label = EntityLabel::Person;
                    m.canonical = canon.clone();
                    m.country = None;
                }
            }
        }
    }
    // PERSON canonical names: the longest person in the document ending with the same word.
    let people: Vec<(usize, usize)> = names
        .iter()
        .filter(|m| m.label == EntityLabel::Person)
        .map(|m| (m.start, m.end))
        .collect();
    for m in names.iter_mut().filter(|m| m.label == EntityLabel::Person) {
        let last = ctx.s(m.end - 1);
        let best = people
            .iter()
            .filter(|&&(a, b)| b - a > m.end - m.start && ctx.s(b - 1) == last)
            .max_by_key(|&&(a, b)| (b - a, std::cmp::Reverse(a)));
        if let Some(&(a, b)) = best {
            m.canonical =
                Some(ctx.text[ctx.tokens[a].span.start..ctx.tokens[b - 1].span.end].into());
        }
    }
}
