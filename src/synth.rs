//! `gleaner synth`: a deterministic, news-like corpus of any size, for scale tests and
//! benchmarks.
//!
//! The corpus articles (ours, in `corpus/`) are tagged once and cut into sentence
//! templates whose people, places, organisations and nationalities are slots. Each
//! generated document strings together runs of sentences from a few articles under
//! one article's headline, fills the slots from a cast of a few thousand names drawn
//! from the embedded lexicons (popular names recur across documents, as in news; one
//! consistent cast per document, so "Putin" and "Vladimir Putin" stay one person under
//! a new name) and redraws the digits. Lengths follow a long-tailed mix from a few hundred
//! bytes to over 100 KB. Everything comes from one seed: the same seed and size give
//! byte-identical files.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use gleaner_doc::EntityLabel;
use gleaner_tag::Tagger;
use gleaner_tokenize::Tokenizer;
use rayon::prelude::*;

/// The articles the templates come from (all written for this project).
const ARTICLES: &[&str] = &[
    include_str!("../corpus/000_baku_visit.txt"),
    include_str!("../corpus/001_energy_summit.txt"),
    include_str!("../corpus/002_maersk_deal.txt"),
    include_str!("../corpus/003_tennis_final.txt"),
    include_str!("../corpus/004_football_match.txt"),
    include_str!("../corpus/005_space_mission.txt"),
    include_str!("../corpus/006_malaria_study.txt"),
    include_str!("../corpus/007_nairobi_shooting.txt"),
    include_str!("../corpus/008_sanctions_trial.txt"),
    include_str!("../corpus/009_armenia_earthquake.txt"),
    include_str!("../corpus/010_rhone_floods.txt"),
    include_str!("../corpus/011_starmer_merz.txt"),
    include_str!("../corpus/012_macron_nairobi.txt"),
];

const GAZETTEER: &str = include_str!("../crates/tag/data/gazetteer.tsv");
const PEOPLE: &str = include_str!("../crates/tag/data/people.tsv");
const GIVEN: &str = include_str!("../crates/tag/data/given_names.txt");
const SURNAMES: &str = include_str!("../crates/tag/data/surnames.txt");

/// Documents per subdirectory of the output.
const PER_DIR: u64 = 1000;

/// What `synth` wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub documents: u64,
    pub bytes: u64,
}

/// Parses "1GB", "500MB", "64KiB", "1e6" or a plain byte count. Decimal units are
/// powers of 1000, binary ones (KiB, MiB, GiB) powers of 1024.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| c.is_ascii_alphabetic() && c != 'e' && c != 'E')
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("cannot read size {s:?}: expected e.g. 1GB, 200MB, 64KiB"))?;
    let mult: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "kb" | "k" => 1e3,
        "mb" | "m" => 1e6,
        "gb" | "g" => 1e9,
        "tb" | "t" => 1e12,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        other => return Err(format!("unknown size unit {other:?} in {s:?}")),
    };
    let bytes = n * mult;
    if !bytes.is_finite() || bytes < 1.0 {
        return Err(format!("size {s:?} must be at least one byte"));
    }
    Ok(bytes as u64)
}

/// SplitMix64: small, fast, and fully determined by its seed.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n.max(1) as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// How a slot is written: the full name, or the last word of it ("Putin").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Full,
    Last,
}

/// The kind of name a slot takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    Person,
    Country,
    City,
    Org,
    Loc,
    Norp,
}

#[derive(Clone, Debug)]
enum Piece {
    Lit(String),
    Slot { kind: Kind, key: u32, form: Form },
}

/// One sentence of one article, as literal text and slots.
#[derive(Debug)]
struct Template {
    pieces: Vec<Piece>,
}

/// The names one corpus draws from, most popular first.
struct World {
    seed: u64,
    people: Vec<String>,
    countries: Vec<String>,
    cities: Vec<String>,
    orgs: Vec<String>,
    locs: Vec<String>,
    norps: Vec<String>,
}

/// One document's choices: its story world and the names given so far.
struct Cast {
    story: u64,
    names: HashMap<(u32, Kind), String>,
}

/// An index below `n`, small ones far more often: a few names are in most stories.
fn skewed(rng: &mut Rng, n: usize) -> usize {
    ((n as f64 * rng.unit().powf(2.5)) as usize).min(n.saturating_sub(1))
}

impl World {
    /// A name of this kind; a few are in most stories, most are rare.
    fn name(&self, kind: Kind, rng: &mut Rng) -> String {
        let pool = match kind {
            Kind::Person => &self.people,
            Kind::Country => &self.countries,
            Kind::City => &self.cities,
            Kind::Org => &self.orgs,
            Kind::Loc => &self.locs,
            Kind::Norp => &self.norps,
        };
        pool.get(skewed(rng, pool.len()))
            .cloned()
            .unwrap_or_default()
    }
}

/// Templates and the name pools that fill them.
pub struct Synth {
    /// Per article: its headline, then its body sentences.
    articles: Vec<(Template, Vec<Template>)>,
    people: Vec<String>,
    given: Vec<&'static str>,
    surnames: Vec<&'static str>,
    countries: Vec<&'static str>,
    cities: Vec<&'static str>,
    orgs: Vec<&'static str>,
    locs: Vec<&'static str>,
    norps: Vec<&'static str>,
    /// Country -> its nationality adjective.
    demonyms: HashMap<&'static str, &'static str>,
}

/// Story worlds per corpus: in each, every template name has one stand-in, so facts
/// ("X, the president of Y") recur across documents as they do in the news.
const WORLDS: u64 = 64;

impl Synth {
    /// Tags the articles and loads the name pools.
    pub fn new() -> Synth {
        let mut countries = Vec::new();
        let mut cities = Vec::new();
        let mut orgs = Vec::new();
        let mut locs = Vec::new();
        let mut norps = Vec::new();
        let mut demonyms: HashMap<&'static str, &'static str> = HashMap::new();
        for line in GAZETTEER.lines() {
            let mut f = line.split('\t');
            let (Some(phrase), Some(label)) = (f.next(), f.next()) else {
                continue;
            };
            let canonical = f.next().filter(|c| !c.is_empty());
            let country = f.next().unwrap_or("");
            let name = canonical.unwrap_or(phrase);
            // Names that need a non-ASCII keyboard are fine, but skip odd punctuation.
            if name.starts_with(['\'', '’']) {
                continue;
            }
            match label {
                "GPE" if phrase == country => countries.push(phrase),
                "GPE" => cities.push(phrase),
                "ORG" => orgs.push(name),
                "LOC" => locs.push(name),
                "NORP" if phrase.chars().next().is_some_and(char::is_uppercase) => {
                    norps.push(phrase);
                    // The shortest form is the adjective ("Russian", not "Russians").
                    let d = demonyms.entry(country).or_insert(phrase);
                    if (phrase.len(), phrase) < (d.len(), *d) {
                        *d = phrase;
                    }
                }
                _ => {}
            }
        }
        for v in [
            &mut countries,
            &mut cities,
            &mut orgs,
            &mut locs,
            &mut norps,
        ] {
            v.sort_unstable();
            v.dedup();
        }
        let people = PEOPLE
            .lines()
            .filter_map(|l| l.split('\t').next())
            .filter(|n| {
                n.contains(' ') && n.chars().all(|c| c.is_alphabetic() || " .-'".contains(c))
            })
            .map(str::to_owned)
            .collect();
        let is_country = |s: &str| countries.binary_search(&s).is_ok();
        let tokenizer = Tokenizer::new();
        let tagger = Tagger::new();
        let mut keys: HashMap<String, u32> = HashMap::new();
        let articles = ARTICLES
            .iter()
            .map(|text| {
                let a = tokenizer.analyze(text);
                let ents = tagger.tag(text, &a.tokens, &a.sentences);
                let mut sentences = a.sentences.iter().map(|s| {
                    let mut pieces = Vec::new();
                    let mut at = s.start;
                    for e in ents.iter().filter(|e| e.start >= s.start && e.end <= s.end) {
                        let name = e.name();
                        let kind = match e.label {
                            EntityLabel::Person => Kind::Person,
                            EntityLabel::Gpe if is_country(name) => Kind::Country,
                            EntityLabel::Gpe => Kind::City,
                            EntityLabel::Org => Kind::Org,
                            EntityLabel::Loc => Kind::Loc,
                            EntityLabel::Norp => Kind::Norp,
                            _ => continue,
                        };
                        let form = if e.text != name && name.ends_with(&format!(" {}", e.text)) {
                            Form::Last
                        } else {
                            Form::Full
                        };
                        // A nationality keys on its country, so "Russian" and "Russia" in
                        // one document are renamed together.
                        let key_name = match (kind, &e.country) {
                            (Kind::Norp, Some(c)) => format!("country:{c}"),
                            (Kind::Country, _) => format!("country:{name}"),
                            _ => format!("{kind:?}:{name}"),
                        };
                        let n = keys.len() as u32;
                        let key = *keys.entry(key_name).or_insert(n);
                        pieces.push(Piece::Lit(text[at..e.start].to_owned()));
                        pieces.push(Piece::Slot { kind, key, form });
                        at = e.end;
                    }
                    pieces.push(Piece::Lit(text[at..s.end].to_owned()));
                    Template { pieces }
                });
                let title = sentences.next().unwrap_or(Template { pieces: Vec::new() });
                (title, sentences.collect())
            })
            .collect();
        Synth {
            articles,
            people,
            given: GIVEN.lines().filter(|l| !l.is_empty()).collect(),
            surnames: SURNAMES.lines().filter(|l| !l.is_empty()).collect(),
            countries,
            cities,
            orgs,
            locs,
            norps,
            demonyms,
        }
    }

    /// Document sizes in bytes, drawn until they add up to `total`.
    fn sizes(&self, total: u64, rng: &mut Rng) -> Vec<u64> {
        let mut sizes = Vec::new();
        let mut sum = 0;
        while sum < total {
            // Mostly short news items, some features, a few very long documents.
            let r = rng.unit();
            let (lo, hi) = if r < 0.70 {
                (400.0_f64, 6_000.0_f64)
            } else if r < 0.97 {
                (6_000.0, 30_000.0)
            } else {
                (30_000.0, 150_000.0)
            };
            let size = (lo * (hi / lo).powf(rng.unit())) as u64;
            let size = size.min(total - sum).max(1);
            sizes.push(size);
            sum += size;
        }
        sizes
    }

    /// One document of about `size` bytes.
    fn document(&self, world: &World, size: u64, rng: &mut Rng) -> String {
        let mut cast = Cast {
            story: skewed(rng, WORLDS as usize) as u64,
            names: HashMap::new(),
        };
        let base = rng.below(self.articles.len());
        let mut out = String::with_capacity(size as usize + 512);
        self.fill(world, &self.articles[base].0, &mut cast, rng, &mut out);
        out.push('\n');
        let mut article = base;
        let mut in_paragraph = 0;
        while (out.len() as u64) < size {
            let body = &self.articles[article].1;
            if !body.is_empty() {
                let start = rng.below(body.len());
                let run = 1 + rng.below(5);
                for t in body.iter().skip(start).take(run) {
                    if in_paragraph > 0 {
                        out.push(' ');
                    }
                    self.fill(world, t, &mut cast, rng, &mut out);
                    in_paragraph += 1;
                    if in_paragraph >= 2 + rng.below(3) {
                        out.push('\n');
                        in_paragraph = 0;
                    }
                    if out.len() as u64 >= size {
                        break;
                    }
                }
            }
            // Stay with one article most of the time, as a story does.
            if rng.below(4) == 0 {
                article = rng.below(self.articles.len());
            }
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out
    }

    fn fill(&self, world: &World, t: &Template, cast: &mut Cast, rng: &mut Rng, out: &mut String) {
        for p in &t.pieces {
            match p {
                Piece::Lit(s) => redraw_digits(s, rng, out),
                Piece::Slot { kind, key, form } => {
                    let name = self.stand_in(world, cast, *kind, *key, rng);
                    match form {
                        Form::Last => out.push_str(name.rsplit(' ').next().unwrap_or(name)),
                        Form::Full => out.push_str(name),
                    }
                }
            }
        }
    }

    /// The stand-in for a template name in this document: mostly from the document's
    /// story world, sometimes from another, the same for every mention.
    fn stand_in<'c>(
        &self,
        world: &World,
        cast: &'c mut Cast,
        kind: Kind,
        key: u32,
        rng: &mut Rng,
    ) -> &'c str {
        cast.names.entry((key, kind)).or_insert_with(|| {
            let j = if rng.below(5) == 0 {
                skewed(rng, WORLDS as usize) as u64
            } else {
                cast.story
            };
            // The stand-in depends only on (world, key): a nationality and its country
            // share a key, so "Russian" and "Russia" become one country's two forms.
            let mut r = Rng::new(
                world.seed ^ (j << 32 | u64::from(key)).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            );
            match kind {
                Kind::Norp => {
                    let c = world.name(Kind::Country, &mut r);
                    self.demonyms.get(c.as_str()).map_or(c, |d| (*d).to_owned())
                }
                _ => world.name(kind, &mut r),
            }
        })
    }

    /// The cast of a corpus: a few thousand people, places and organisations drawn
    /// once from the lexicons, so that names recur across documents as in real news
    /// (and a corpus summary stays the size of a real one).
    fn world(&self, rng: &mut Rng) -> World {
        let seed = rng.next();
        let mut draw = |pool: &[&'static str], n: usize| -> Vec<String> {
            (0..n.min(pool.len()))
                .map(|_| (*rng.pick(pool)).to_owned())
                .collect()
        };
        let mut world = World {
            seed,
            people: Vec::new(),
            countries: self.countries.iter().map(|c| (*c).to_owned()).collect(),
            cities: draw(&self.cities, 3000),
            orgs: draw(&self.orgs, 1000),
            locs: draw(&self.locs, 300),
            norps: self.norps.iter().map(|c| (*c).to_owned()).collect(),
        };
        for _ in 0..2000 {
            world.people.push(rng.pick(&self.people).clone());
            world.people.push(format!(
                "{} {}",
                rng.pick(&self.given),
                rng.pick(&self.surnames)
            ));
        }
        for v in [&mut world.countries, &mut world.norps] {
            // A fixed order from the seed, so popularity differs between seeds.
            for i in (1..v.len()).rev() {
                v.swap(i, rng.below(i + 1));
            }
        }
        world
    }

    /// Writes a corpus of about `total` bytes under `dir` (which must be empty or
    /// missing), calling `progress(bytes_written)` as documents are written.
    pub fn write(
        &self,
        dir: &Path,
        total: u64,
        seed: u64,
        progress: impl Fn(u64) + Sync,
    ) -> io::Result<Written> {
        if dir.exists() && fs::read_dir(dir)?.next().is_some() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} is not empty; give a new directory", dir.display()),
            ));
        }
        fs::create_dir_all(dir)?;
        let mut rng = Rng::new(seed);
        let sizes = self.sizes(total, &mut rng);
        let world = self.world(&mut rng);
        let written = std::sync::atomic::AtomicU64::new(0);
        let dirs = (sizes.len() as u64).div_ceil(PER_DIR);
        (0..dirs)
            .into_par_iter()
            .try_for_each(|d| -> io::Result<()> {
                let sub: PathBuf = dir.join(format!("{d:04}"));
                fs::create_dir_all(&sub)?;
                let first = d * PER_DIR;
                let last = (first + PER_DIR).min(sizes.len() as u64);
                for i in first..last {
                    // Each document has its own stream, so the output does not depend on
                    // how the work is split across threads.
                    let mut rng = Rng::new(seed ^ (i + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
                    let doc = self.document(&world, sizes[i as usize], &mut rng);
                    fs::write(sub.join(format!("{i:07}.txt")), &doc)?;
                    let n =
                        written.fetch_add(doc.len() as u64, std::sync::atomic::Ordering::Relaxed);
                    progress(n + doc.len() as u64);
                }
                Ok(())
            })?;
        Ok(Written {
            documents: sizes.len() as u64,
            bytes: written.into_inner(),
        })
    }
}

/// Copies `s` with amounts redrawn: each run of three or more digits gets random
/// digits of the same length. Years (19xx, 20xx) and shorter runs — days, ages,
/// scores — stay as written, so dates remain dates.
fn redraw_digits(s: &str, rng: &mut Rng, out: &mut String) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let run = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if run == 0 {
            let next = b[i..]
                .iter()
                .position(u8::is_ascii_digit)
                .map_or(b.len(), |p| i + p);
            out.push_str(&s[i..next]);
            i = next;
            continue;
        }
        let digits = &s[i..i + run];
        if run < 3 {
            out.push_str(digits);
        } else {
            let keep = if run == 4 && (digits.starts_with("19") || digits.starts_with("20")) {
                4
            } else {
                0
            };
            out.push_str(&digits[..keep]);
            for k in keep..run {
                let d = if k == 0 {
                    1 + rng.below(9)
                } else {
                    rng.below(10)
                };
                out.push(char::from(b'0' + d as u8));
            }
        }
        i += run;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("1GB"), Ok(1_000_000_000));
        assert_eq!(parse_size("2.5 MB"), Ok(2_500_000));
        assert_eq!(parse_size("64KiB"), Ok(65_536));
        assert_eq!(parse_size("1e6"), Ok(1_000_000));
        assert_eq!(parse_size("123"), Ok(123));
        assert!(parse_size("1 parsec").is_err());
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
    }

    #[test]
    fn same_seed_same_corpus_and_different_seed_differs() {
        let s = Synth::new();
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let c = tempfile::tempdir().unwrap();
        let wa = s.write(&a.path().join("x"), 300_000, 7, |_| {}).unwrap();
        let wb = s.write(&b.path().join("x"), 300_000, 7, |_| {}).unwrap();
        s.write(&c.path().join("x"), 300_000, 8, |_| {}).unwrap();
        assert_eq!(wa, wb);
        assert!(wa.bytes >= 300_000 && wa.documents > 10, "{wa:?}");
        let read =
            |d: &Path, i: u64| fs::read(d.join("x/0000").join(format!("{i:07}.txt"))).unwrap();
        for i in 0..wa.documents.min(20) {
            assert_eq!(read(a.path(), i), read(b.path(), i));
        }
        assert_ne!(read(a.path(), 0), read(c.path(), 0));
    }

    #[test]
    fn documents_differ_and_keep_one_cast() {
        let s = Synth::new();
        let mut rng = Rng::new(1);
        let world = s.world(&mut rng);
        let docs: Vec<String> = (0..50)
            .map(|_| s.document(&world, 3000, &mut rng))
            .collect();
        let mut unique = docs.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), docs.len());
        assert!(docs.iter().all(|d| d.len() >= 3000 && d.ends_with('\n')));
    }

    #[test]
    fn amounts_change_and_dates_stay() {
        let mut out = String::new();
        redraw_digits(
            "On May 4, 2024, 150,000 people paid $2.5 billion.",
            &mut Rng::new(3),
            &mut out,
        );
        assert!(out.starts_with("On May 4, 2024, "), "{out}");
        assert_eq!(
            out.len(),
            "On May 4, 2024, 150,000 people paid $2.5 billion.".len()
        );
        assert!(out.ends_with(" people paid $2.5 billion."), "{out}");
        assert_ne!(out, "On May 4, 2024, 150,000 people paid $2.5 billion.");
    }

    #[test]
    fn refuses_a_non_empty_directory() {
        let d = tempfile::tempdir().unwrap();
        fs::write(d.path().join("keep.txt"), "mine").unwrap();
        let e = Synth::new().write(d.path(), 1000, 1, |_| {}).unwrap_err();
        assert!(e.to_string().contains("not empty"), "{e}");
    }
}
