//! Names in forms of address, exclamations and titles of nobility, and towns that share a
//! given name: conventions that matter outside news (speeches, conversation, fiction,
//! biographies).

use gleaner_doc::{EntityLabel, Shape};

use super::{
    Ctx, Name, SETTLEMENT_NOUNS, has_place_context, is_initial, is_roman_numeral, person_context,
    title_case,
};
use crate::lexicon::Kind;

/// "Austin, Texas (AP) —", "Tyler, Texas, police said": a one-word town that is also a
/// given name, followed by a comma and a state or country, is the town (a dateline or an
/// address), even where a given name opening a sentence would be read as a person.
fn town_before_region<'t>(ctx: &Ctx<'t>, names: &mut [Name<'t>]) {
    let n = ctx.tokens.len();
    let mut relabel = Vec::new();
    for (j, m) in names.iter().enumerate() {
        let a = m.start;
        if m.label != EntityLabel::Person || m.end != a + 1 || a + 3 > n || ctx.s(a + 1) != "," {
            continue;
        }
        // Any reading of the word, plausible at the start of a sentence or not.
        let town = ctx.hits[a].and_then(|(e, p)| {
            (e == a + 1)
                .then(|| {
                    p.entries
                        .iter()
                        .find(|en| en.kind == Kind::Entity(EntityLabel::Gpe))
                })
                .flatten()
        });
        let Some(town) = town else {
            continue;
        };
        // A state or country: a major place, named in full or by its abbreviation.
        let region = ctx.entity_entry_any_end(a + 2).filter(|&(e, en)| {
            en.kind == Kind::Entity(EntityLabel::Gpe)
                && en.weight >= 60
                && names
                    .iter()
                    .any(|o| o.start == a + 2 && o.end == e && o.label == EntityLabel::Gpe)
        });
        let Some((e, region)) = region else {
            continue;
        };
        // "Austin, Texas's governor" may be a person and a state; a town in another
        // country than the region's is no town of it.
        let possessive = e < n && matches!(ctx.s(e), "'s" | "’s");
        let same_country = match (&town.country, &region.country) {
            (Some(t), Some(r)) => t == r,
            _ => true,
        };
        if !possessive && same_country {
            relabel.push((j, town));
        }
    }
    for (j, town) in relabel {
        let m = &mut names[j];
        m.label = EntityLabel::Gpe;
        m.canonical = town.canonical.as_deref().map(std::borrow::Cow::Borrowed);
        m.country = town.country.clone();
    }
}

/// Titles that, with "of" and a place, name one person ("the Earl of Wexmoor").
const RANK_OF: &[&str] = &[
    "Archduke",
    "Baron",
    "Baroness",
    "Count",
    "Countess",
    "Duchess",
    "Duke",
    "Earl",
    "Emperor",
    "Empress",
    "King",
    "Marchioness",
    "Marquess",
    "Marquis",
    "Prince",
    "Princess",
    "Protector",
    "Queen",
    "Sultan",
    "Tsar",
    "Viscount",
];

/// The capitalised tokens each pass below starts from, found in one scan.
// PERF: five passes each rescanned every capital with string matches (callgrind on
// examples/tag_dir.rs); each pass still applies its own full test to these.
#[derive(Default)]
struct CapCues {
    rank: Vec<usize>,
    madam: Vec<usize>,
    house: Vec<usize>,
    nation: Vec<usize>,
    compass: Vec<usize>,
    intro: Vec<usize>,
}

const RANK: u8 = 1;
const MADAM: u8 = 2;
const HOUSE: u8 = 3;
const NATION: u8 = 4;
const COMPASS: u8 = 5;

/// Which pass a capitalised word may start: a superset test, by length first so that
/// most words are settled by one comparison.
fn cap_kind(w: &str) -> u8 {
    match w.len() {
        4 => match w {
            "Duke" | "Earl" | "King" | "Tsar" => RANK,
            "East" | "West" => COMPASS,
            _ => 0,
        },
        5 => match w {
            "Baron" | "Count" | "Queen" => RANK,
            "Madam" => MADAM,
            "House" => HOUSE,
            "State" | "Union" => NATION,
            "North" | "South" => COMPASS,
            _ => 0,
        },
        6 => match w {
            "Prince" | "Sultan" => RANK,
            "Madame" => MADAM,
            "Nation" | "Empire" => NATION,
            _ => 0,
        },
        7 => match w {
            "Duchess" | "Emperor" | "Empress" | "Marquis" => RANK,
            "Country" => NATION,
            _ => 0,
        },
        8 => match w {
            "Archduke" | "Baroness" | "Countess" | "Marquess" | "Princess" | "Viscount" => RANK,
            "Republic" => NATION,
            _ => 0,
        },
        9 => match w {
            "Protector" => RANK,
            "Northeast" | "Northwest" | "Southeast" | "Southwest" => COMPASS,
            _ => 0,
        },
        11 if w == "Marchioness" => RANK,
        12 if w == "Commonwealth" => NATION,
        _ => 0,
    }
}

/// [`introduced_people`]'s test of the word before a name.
fn introduces(prev: &str) -> bool {
    ["'m", "am", "is", "named", "'s", "’s", "hi", "hey", "thanks"]
        .iter()
        .any(|c| prev.eq_ignore_ascii_case(c))
}

impl CapCues {
    fn find(ctx: &Ctx) -> CapCues {
        let n = ctx.tokens.len();
        let mut c = CapCues::default();
        for &i in &ctx.cues.caps {
            match cap_kind(ctx.s(i)) {
                RANK if i + 2 < n => c.rank.push(i),
                MADAM if i + 1 < n => c.madam.push(i),
                HOUSE if i >= 1 => c.house.push(i),
                NATION if i >= 1 => c.nation.push(i),
                COMPASS if i >= 1 => c.compass.push(i),
                _ => {}
            }
            if i >= 1 && introduces(ctx.s(i - 1)) {
                c.intro.push(i);
            }
        }
        c
    }
}

/// Runs the passes of this module over the names found so far.
pub(super) fn apply<'t>(ctx: &Ctx<'t>, names: &mut Vec<Name<'t>>) {
    let cues = CapCues::find(ctx);
    exclamations(ctx, names);
    given_name_towns(ctx, names);
    town_before_region(ctx, names);
    rank_of_place(ctx, names, &cues.rank);
    madam_title(ctx, names, &cues.madam);
    the_house(ctx, names, &cues.house);
    the_nation(ctx, names, &cues.nation);
    compass_regions(ctx, names, &cues.compass);
    introduced_people(ctx, names, &cues.intro);
    ordinary_last_word(ctx, names);
    capitals_people(ctx, names);
    email_authors(ctx, names);
}

/// Whether no name covers a token of `a..b`.
fn free(names: &[Name], a: usize, b: usize) -> bool {
    !names.iter().any(|m| m.start < b && a < m.end)
}

/// "Oh my God", "by God", "for God's sake": an exclamation, no mention of anyone.
fn exclamations(ctx: &Ctx, names: &mut Vec<Name>) {
    let n = ctx.tokens.len();
    let exclaimed = |a: usize| {
        let before = if a >= 1 { ctx.s(a - 1) } else { "" };
        let before2 = if a >= 2 { ctx.s(a - 2) } else { "" };
        let after = if a + 1 < n { ctx.s(a + 1) } else { "" };
        let after2 = if a + 2 < n { ctx.s(a + 2) } else { "" };
        before == "my"
            || before.eq_ignore_ascii_case("oh")
            || (before == "," && before2.eq_ignore_ascii_case("oh"))
            || (before == "by" && after == ",")
            || (matches!(after, "'s" | "’s") && matches!(after2, "sake" | "sakes"))
            // "God, I don't know!": a sentence that opens with the word and a comma.
            || (ctx.weak[a] && after == "," && !matches!(before, "," | "and" | "or"))
    };
    names.retain(|m| {
        !(m.label == EntityLabel::Person
            && m.end == m.start + 1
            && ctx.s(m.start) == "God"
            && exclaimed(m.start))
    });
}

/// "Ida wrote ... send Ida home": a one-word town that is also a given name is the
/// person unless the context says place. Small towns always; a larger place (a province
/// abroad) when the document names a person with that given name ("Ida Marsh").
fn given_name_towns(ctx: &Ctx, names: &mut [Name]) {
    let n = ctx.tokens.len();
    let person_first = |w: &str| {
        names
            .iter()
            .any(|m| m.label == EntityLabel::Person && m.end - m.start >= 2 && ctx.s(m.start) == w)
    };
    let mut relabel = Vec::new();
    for (j, m) in names.iter().enumerate() {
        if m.end != m.start + 1 || !matches!(m.label, EntityLabel::Gpe | EntityLabel::Loc) {
            continue;
        }
        let a = m.start;
        let w = ctx.s(a);
        if !ctx.plain_given(a) || ctx.tokens[a].is(Shape::ALL_CAPS) {
            continue;
        }
        let Some((e, en)) = ctx.entity_entry_any_end(a) else {
            continue;
        };
        if e != m.end || !matches!(en.kind, Kind::Entity(EntityLabel::Gpe | EntityLabel::Loc)) {
            continue;
        }
        // Places named in a list of places ("Gela, Enna and Ragusa") stay places.
        let before = if a >= 1 { ctx.s(a - 1) } else { "" };
        let after = if a + 1 < n { ctx.s(a + 1) } else { "" };
        let in_places = |k: usize| {
            names.iter().any(|o| {
                (o.start == k || o.end == k)
                    && matches!(o.label, EntityLabel::Gpe | EntityLabel::Loc)
                    && o.start != a
            })
        };
        let listed = (matches!(before, "," | "and" | "or") && a >= 2 && in_places(a - 1))
            || (matches!(after, "," | "and" | "or") && in_places(a + 2));
        // "the city of Ida".
        let settlement = before == "of" && a >= 2 && SETTLEMENT_NOUNS.contains(&ctx.s(a - 2));
        if has_place_context(ctx, a, a + 1) || listed || settlement {
            continue;
        }
        let small = en.weight < 50;
        let abroad = en.weight <= 60 && en.country.as_deref() != Some("United States");
        if small || (abroad && person_first(w)) {
            relabel.push(j);
        }
    }
    for j in relabel {
        let m = &mut names[j];
        m.label = EntityLabel::Person;
        m.canonical = None;
        m.country = None;
    }
}

/// "the Earl of Wexmoor", "Duchess of Arlen": a rank with "of" and a one-word place is
/// the person's name as a whole.
fn rank_of_place(ctx: &Ctx, names: &mut Vec<Name>, cues: &[usize]) {
    let n = ctx.tokens.len();
    // PERF: ranks are capitalised; only the capitals [`Cues`] found are tried, in order,
    // skipping those inside a name just made.
    let mut from = 0;
    for &i in cues {
        if i < from || i + 2 >= n {
            continue;
        }
        if ctx.s(i + 1) != "of" || !RANK_OF.contains(&ctx.s(i)) || ctx.weak[i + 2] {
            continue;
        }
        let p = i + 2;
        // Not inside a longer name ("Grand Duke of ...", "Crown Prince of ...").
        let inside = i >= 1 && ctx.is_cap(i - 1) && !ctx.weak[i - 1];
        let place = ctx.entity_entry_any_end(p).is_some_and(|(e, en)| {
            e == p + 1 && matches!(en.kind, Kind::Entity(EntityLabel::Gpe | EntityLabel::Loc))
        });
        let unknown = ctx.tokens[p].is(Shape::CAPITALIZED)
            && !ctx.tokens[p].is(Shape::ALL_CAPS)
            && !ctx.dict(p);
        let ends = p + 1 >= n || !ctx.is_cap(p + 1);
        if inside || !(place || unknown) || !ends {
            continue;
        }
        names.retain(|m| !(m.start < p + 1 && i < m.end));
        names.push(Name::bare(i, p + 1, EntityLabel::Person));
        from = p + 1;
    }
}

/// "Madam Speaker", "Madam Chair": a form of address for the person holding the office.
fn madam_title(ctx: &Ctx, names: &mut Vec<Name>, cues: &[usize]) {
    let n = ctx.tokens.len();
    for &i in cues.iter().filter(|&&i| i + 1 < n) {
        if !matches!(ctx.s(i), "Madam" | "Madame") {
            continue;
        }
        let Some((e, _)) = ctx.title_at(i + 1) else {
            continue;
        };
        if (e < n && ctx.is_cap(e)) || !free(names, i, e) {
            continue;
        }
        names.push(Name::bare(i, e, EntityLabel::Person));
    }
}

/// "the House passed the bill": the chamber of a legislature.
fn the_house(ctx: &Ctx, names: &mut Vec<Name>, cues: &[usize]) {
    let n = ctx.tokens.len();
    for &i in cues.iter().filter(|&&i| i >= 1) {
        if ctx.s(i) != "House" || ctx.weak[i] || !free(names, i, i + 1) {
            continue;
        }
        let before = ctx.s(i - 1);
        // Not "the House of ...", "the House Ethics Committee", "the House-passed bill".
        let after_cap = i + 1 < n && (ctx.is_cap(i + 1) || matches!(ctx.s(i + 1), "of" | "-"));
        if matches!(before, "the" | "this" | "The" | "This") && !after_cap {
            names.push(Name::bare(i, i + 1, EntityLabel::Org));
        }
    }
}

/// "our Nation", "the Republic", "this State": a capitalised polity word after a
/// determiner is the speaker's or the text's own country or state.
fn the_nation(ctx: &Ctx, names: &mut Vec<Name>, cues: &[usize]) {
    let n = ctx.tokens.len();
    for &i in cues.iter().filter(|&&i| i >= 1) {
        let w = ctx.s(i);
        if !matches!(
            w,
            "Nation" | "Republic" | "Country" | "Empire" | "State" | "Union" | "Commonwealth"
        ) || ctx.weak[i]
        {
            continue;
        }
        let det = matches!(
            ctx.s(i - 1),
            "the" | "our" | "this" | "his" | "her" | "their" | "your" | "The" | "Our" | "This"
        );
        // Not "the State Department", "the Union of ...", "the State's ...".
        let longer =
            i + 1 < n && (ctx.is_cap(i + 1) || matches!(ctx.s(i + 1), "of" | "-" | "'s" | "’s"));
        if !det || longer {
            continue;
        }
        match names.iter_mut().find(|m| m.start <= i && i < m.end) {
            Some(m) if m.start == i && m.end == i + 1 => m.label = EntityLabel::Gpe,
            Some(_) => {}
            None => names.push(Name::bare(i, i + 1, EntityLabel::Gpe)),
        }
    }
}

/// "moved to the South", "cities in the Northeast": a capitalised compass point after
/// "the" is a region.
fn compass_regions(ctx: &Ctx, names: &mut Vec<Name>, cues: &[usize]) {
    let n = ctx.tokens.len();
    for &i in cues.iter().filter(|&&i| i >= 1) {
        let w = ctx.s(i);
        if !matches!(
            w,
            "North"
                | "South"
                | "East"
                | "West"
                | "Northeast"
                | "Northwest"
                | "Southeast"
                | "Southwest"
        ) || ctx.weak[i]
            || !matches!(ctx.s(i - 1), "the" | "The")
            || !free(names, i, i + 1)
        {
            continue;
        }
        // Not "the North Sea", "the South-East region", "the West's".
        let longer =
            i + 1 < n && (ctx.is_cap(i + 1) || matches!(ctx.s(i + 1), "-" | "'s" | "’s" | "of"));
        if !longer {
            names.push(Name::bare(i, i + 1, EntityLabel::Gpe));
        }
    }
}

/// "I'm Tavi", "That's Orlek", "a girl named Pemma", "Hi Dova!": a one-word name that
/// is no ordinary word, after words that introduce or greet someone, is a person; so is
/// the same word elsewhere in the document.
fn introduced_people(ctx: &Ctx, names: &mut Vec<Name>, cues: &[usize]) {
    let n = ctx.tokens.len();
    let lower = |k: usize| ctx.s(k).to_ascii_lowercase();
    let mut found: Vec<usize> = Vec::new();
    // PERF: the name is capitalised, so only the capitals [`Cues`] found; and the word
    // before must be one of the cues below, tested first without lower-casing
    // (cachegrind on examples/tag_dir.rs).
    for &i in cues.iter().filter(|&&i| i >= 1) {
        if !introduces(ctx.s(i - 1)) {
            continue;
        }
        let t = ctx.tokens[i];
        let w = ctx.s(i);
        if !ctx.is_cap(i)
            || t.is(Shape::ALL_CAPS)
            || w.len() < 3
            || ctx.dict(i)
            || (i + 1 < n && (ctx.is_cap(i + 1) || matches!(ctx.s(i + 1), "-" | "&")))
        {
            continue;
        }
        let b1 = lower(i - 1);
        let b2 = if i >= 2 { lower(i - 2) } else { String::new() };
        let b3 = if i >= 3 { lower(i - 3) } else { String::new() };
        // The speaker names themself or someone is named: a place reading gives way.
        let naming = matches!(
            (b2.as_str(), b1.as_str()),
            ("i", "'m" | "am") | ("name", "is")
        ) || (b3 == "my" && b2 == "name" && b1 == "is")
            // "a girl named ...", not "the lawsuit named ...".
            || (b1 == "named"
                && matches!(
                    b2.as_str(),
                    "guy" | "girl" | "man" | "woman" | "boy" | "person" | "someone" | "friend"
                        | "kid" | "child" | "son" | "daughter" | "brother" | "sister" | "dog"
                        | "cat" | "lady" | "fellow"
                ));
        let pointing = matches!(
            (b2.as_str(), b1.as_str()),
            ("this", "is") | ("that", "'s" | "’s" | "is")
        ) || matches!(b1.as_str(), "hi" | "hey" | "thanks");
        if !(naming || pointing) {
            continue;
        }
        match names.iter().position(|m| m.start <= i && i < m.end) {
            None => found.push(i),
            Some(j) => {
                let m = &names[j];
                let weak_place = m.start == i
                    && m.end == i + 1
                    && matches!(m.label, EntityLabel::Gpe | EntityLabel::Loc)
                    && ctx
                        .entity_entry_any_end(i)
                        .is_none_or(|(_, en)| en.weight < 90);
                if naming && weak_place {
                    names.remove(j);
                    found.push(i);
                }
            }
        }
    }
    if found.is_empty() {
        return;
    }
    let words: Vec<&str> = found.iter().map(|&i| ctx.s(i)).collect();
    for k in 0..n {
        if ctx.is_cap(k)
            && words.contains(&ctx.s(k))
            && !(k + 1 < n && ctx.is_cap(k + 1))
            && !(k >= 1 && ctx.is_cap(k - 1) && !ctx.weak[k - 1])
            && free(names, k, k + 1)
        {
            names.push(Name::bare(k, k + 1, EntityLabel::Person));
        }
    }
}

/// "Hubble Space Telescope", "the Okafor Series": a guessed person of two words or more
/// whose last word is an ordinary word, and no surname, given name or title, is the name
/// of a thing. A given name first keeps the person ("Martha Quill"), so "the Marshall
/// Plan" stays one.
fn ordinary_last_word(ctx: &Ctx, names: &mut Vec<Name>) {
    names.retain(|m| {
        if m.label != EntityLabel::Person || m.end - m.start < 2 {
            return true;
        }
        let k = m.end - 1;
        let w = ctx.s(k);
        let ordinary = ctx.tokens[k].is(Shape::CAPITALIZED)
            && !ctx.tokens[k].is(Shape::ALL_CAPS)
            && ctx.dict(k)
            && !ctx.surname(k)
            && !ctx.given(k)
            && !is_roman_numeral(w)
            // "Peter the Great", "Ivan the Terrible": an epithet.
            && ctx.s(k - 1) != "the"
            // "James G. Blight": an initial makes it a person's name.
            && !(m.start..k).any(|j| is_initial(ctx.s(j)))
            && ctx.title_at(k).is_none()
            // "Sen. Martha Quill", "Martha Quill said": the context says person; so does
            // a given name first ("Martha Quill, D-Ore.").
            && !person_context(ctx, m.start, m.end)
            && (!ctx.given(m.start) || ctx.ambiguous_given(m.start))
            && ctx.entity_entry(m.start, m.end).is_none();
        !ordinary
    });
}

/// "GRETA LINDQVARN", "ELLA M. TORVIK": in capitals, a given name, maybe an initial,
/// and a word that is a surname or no ordinary word are a person.
fn capitals_people(ctx: &Ctx, names: &mut Vec<Name>) {
    let n = ctx.tokens.len();
    let caps = |k: usize| k < n && ctx.tokens[k].is(Shape::ALL_CAPS) && ctx.s(k).len() >= 2;
    let mut i = 0;
    // PERF: from one all-caps token to the next ([`Cues`]), not through every token.
    let all_caps = &ctx.cues.all_caps;
    let mut next = 0;
    while i + 1 < n {
        while next < all_caps.len() && all_caps[next] < i {
            next += 1;
        }
        match all_caps.get(next) {
            Some(&k) if k + 1 < n => i = k,
            _ => break,
        }
        let w = ctx.s(i);
        let given = caps(i) && w.len() >= 3 && {
            let t = title_case(w);
            ctx.lex.is_given(&t)
                && !ctx.lex.is_ambiguous_given(&t)
                && !ctx.lex.is_dictionary_word_any_case(&t)
        };
        if !given {
            i += 1;
            continue;
        }
        let mut e = i + 1;
        if e < n && is_initial(ctx.s(e)) {
            e += 1;
        }
        let last = |k: usize| {
            caps(k) && ctx.s(k).len() >= 3 && {
                let t = title_case(ctx.s(k));
                ctx.lex.is_surname(&t) || !ctx.lex.is_dictionary_word_any_case(&t)
            }
        };
        if !last(e) || caps(e + 1) && last(e + 1) {
            i += 1;
            continue;
        }
        let (a, b) = (i, e + 1);
        // People inside the span give way; a place ("SAN FRANCISCO") or a name that
        // reaches outside it wins.
        if names.iter().any(|m| {
            m.start < b && a < m.end && (m.start < a || m.end > b || m.label != EntityLabel::Person)
        }) {
            i = b;
            continue;
        }
        names.retain(|m| !(m.start < b && a < m.end));
        names.push(Name::bare(a, b, EntityLabel::Person));
        i = b;
    }
}

/// "Ida Varga ida.varga@example.org University of ...": the name of an author line, right
/// before their e-mail address, is a person.
fn email_authors(ctx: &Ctx, names: &mut Vec<Name>) {
    // PERF: only the addresses [`Cues`] found, not every token.
    for &e in ctx.cues.emails.iter().filter(|&&e| e >= 2) {
        let mut a = e;
        // The name is on the address's line.
        let same_line = |k: usize| {
            !ctx.text[ctx.tokens[k].span.end..ctx.tokens[k + 1].span.start].contains('\n')
        };
        while a > 0
            && e - a < 3
            && same_line(a - 1)
            && ctx.is_cap(a - 1)
            && !ctx.tokens[a - 1].is(Shape::ALL_CAPS)
            && !names
                .iter()
                .any(|m| m.start < a && a - 1 < m.end && m.label != EntityLabel::Person)
        {
            a -= 1;
        }
        if e - a < 2 || names.iter().any(|m| m.start < a && a < m.end) {
            continue;
        }
        names.retain(|m| !(m.start < e && a < m.end));
        names.push(Name::bare(a, e, EntityLabel::Person));
    }
}

#[cfg(test)]
mod tests {
    use super::{COMPASS, HOUSE, MADAM, NATION, RANK, RANK_OF, cap_kind};
    use crate::names::tests::{has, lacks};

    #[test]
    fn cap_kind_covers_every_trigger_word() {
        for w in RANK_OF {
            assert_eq!(cap_kind(w), RANK, "{w}");
        }
        for w in ["Madam", "Madame"] {
            assert_eq!(cap_kind(w), MADAM, "{w}");
        }
        assert_eq!(cap_kind("House"), HOUSE);
        for w in [
            "Nation",
            "Republic",
            "Country",
            "Empire",
            "State",
            "Union",
            "Commonwealth",
        ] {
            assert_eq!(cap_kind(w), NATION, "{w}");
        }
        for w in [
            "North",
            "South",
            "East",
            "West",
            "Northeast",
            "Northwest",
            "Southeast",
            "Southwest",
        ] {
            assert_eq!(cap_kind(w), COMPASS, "{w}");
        }
    }

    #[test]
    fn god_in_an_exclamation_is_no_name() {
        lacks(
            "We lost the game. Oh my God, did you see that?",
            "God/PERSON",
        );
        lacks("It was late. God, I don't know!", "God/PERSON");
        lacks("I mean, for God's sake, he was there.", "God/PERSON");
        has("They believed in God and prayed.", "God/PERSON");
    }

    #[test]
    fn a_given_name_that_is_a_small_town_is_the_person() {
        has(
            "Gloria fell ill in the spring. Her parents never took Gloria to a doctor.",
            "Gloria/PERSON",
        );
        lacks(
            "Gloria fell ill in the spring. Her parents never took Gloria to a doctor.",
            "Gloria/GPE",
        );
        has("The road runs from Gloria to the coast.", "Gloria/GPE");
        has(
            "A fire broke out near the city of Gloria on Monday.",
            "Gloria/GPE",
        );
    }

    #[test]
    fn a_given_name_of_a_person_in_the_document_is_that_person() {
        has(
            "We talked to Isabel Trenholm about the game. Isabel and I met in college.",
            "Isabel/PERSON",
        );
        has("The ferry to Isabel leaves at noon.", "Isabel/GPE");
    }

    #[test]
    fn a_rank_of_a_place_is_one_person() {
        has(
            "He met the Prince of Spain at the villa.",
            "Prince of Spain/PERSON",
        );
        has(
            "Her friend was John Ashby, 2nd Earl of Wexmoor, a poet.",
            "Earl of Wexmoor/PERSON",
        );
        lacks(
            "He played King of Fighters all night.",
            "King of Fighters/PERSON",
        );
    }

    #[test]
    fn madam_and_an_office_is_a_person() {
        has(
            "Madam Speaker, the bill has passed.",
            "Madam Speaker/PERSON",
        );
        has("I thank you again, Madam Chair.", "Madam Chair/PERSON");
    }

    #[test]
    fn a_town_before_its_state_is_the_town() {
        has("AUSTIN, Texas (AP) — A judge ruled.", "AUSTIN/GPE");
        has("Tyler, Texas (AP) — A jury agreed.", "Tyler/GPE");
        // A possessive state may follow a person; a given name alone stays a person.
        has("Austin, Texas's governor spoke.", "Austin/PERSON");
        has("Tyler said so.", "Tyler/PERSON");
    }

    #[test]
    fn the_house_is_the_legislature() {
        has(
            "The bill then passed the House in a weaker form.",
            "House/ORG",
        );
        has("By a vote of this House, we acted.", "House/ORG");
        lacks("They toured the Opera House at night.", "House/ORG");
        lacks("He signed the House-passed bill.", "House/ORG");
    }

    #[test]
    fn a_capitalised_polity_after_a_determiner_is_a_place() {
        has(
            "It is a reminder that our Nation is still grieving.",
            "Nation/GPE",
        );
        has("The laws of the Union may be changed.", "Union/GPE");
        has("It is the bulwark of our Republic.", "Republic/GPE");
        lacks("The State Department said nothing.", "State/GPE");
        lacks("He said the State's budget was short.", "State/GPE");
    }

    #[test]
    fn a_compass_point_after_the_is_a_region() {
        has("Her brother was wounded in the South.", "South/GPE");
        has(
            "Unlike cities in the Northeast, it has few buses.",
            "Northeast/GPE",
        );
        lacks("The ship sank in the North Sea.", "North/GPE");
        lacks("They drove to the south of the city.", "south/GPE");
    }

    #[test]
    fn a_name_after_an_introduction_is_a_person() {
        has("We spoke to him. That's Orlek. He writes.", "Orlek/PERSON");
        has(
            "That's Orlek. He spoke to both Pemma and Orlek about it.",
            "Orlek/PERSON",
        );
        has("Hi everyone. I'm Sahar, an editor.", "Sahar/PERSON");
        has(
            "I kept hearing about this girl named Tavrin.",
            "Tavrin/PERSON",
        );
        lacks("Look, this is Apple pie.", "Apple/PERSON");
        lacks(
            "The lawsuit named Brightwell and its owner.",
            "Brightwell/PERSON",
        );
    }

    #[test]
    fn a_guessed_person_ending_in_an_ordinary_word_is_a_thing() {
        lacks(
            "They watched the Okafor Series on Sunday.",
            "Okafor Series/PERSON",
        );
        has(
            "The talk was given by Dana Whitcombe.",
            "Dana Whitcombe/PERSON",
        );
        has(
            "He met Peter the Great in Moscow.",
            "Peter the Great/PERSON",
        );
    }

    #[test]
    fn a_name_in_capitals_is_a_person() {
        has(
            "The letter was signed by ELLA M. TORVIK, the chair.",
            "ELLA M. TORVIK/PERSON",
        );
        has(
            "Her successor, GRETA LINDQVARN, is the first of them.",
            "GRETA LINDQVARN/PERSON",
        );
        has("SAN FRANCISCO ( AP ) The fair opened.", "SAN FRANCISCO/GPE");
    }

    #[test]
    fn a_name_before_an_email_address_is_a_person() {
        has(
            "Notes on Method\n\nIda Varga ida.varga@example.org University of Pecs, Hungary Wim Koster w.koster@example.nl Leiden",
            "Wim Koster/PERSON",
        );
        has(
            "Notes on Method\n\nIda Varga ida.varga@example.org University of Pecs, Hungary",
            "Ida Varga/PERSON",
        );
    }
}
