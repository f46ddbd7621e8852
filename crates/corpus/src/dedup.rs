//! One copy per text: exact duplicates (same normalised text) and near
//! duplicates (syndicated or lightly edited copies) collapsed onto the copy
//! published first.
//!
//! Near duplicates are found with MinHash over word 5-shingles and LSH
//! banding (16 bands of 4 rows: pairs above ~0.7 Jaccard almost always
//! collide, pairs below ~0.3 almost never), then confirmed by the signature's
//! Jaccard estimate. Candidate generation is linear in the corpus size.

use crate::date_key;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use storyline_model::corpus::{CorpusSource, DocSummary};
use storyline_model::normalize_for_hash;

const SHINGLE: usize = 5;
pub(crate) const BANDS: usize = 16;
const ROWS: usize = 4;
pub(crate) const HASHES: usize = BANDS * ROWS;
/// Estimated Jaccard similarity above which two texts are copies.
pub const NEAR_THRESHOLD: f32 = 0.7;

pub type Signature = [u64; HASHES];

/// MinHash signature of a text by one-permutation hashing: each shingle is
/// hashed once and kept in one of 64 bins (its minimum per bin), and empty
/// bins borrow from the next filled one (rotation densification), so a
/// signature costs one hash per shingle instead of 64.
/// `None` when the text is too short to judge.
pub fn signature(text: &str) -> Option<Signature> {
    let norm = normalize_for_hash(text);
    let words: Vec<u64> = norm.split(' ').map(|w| xxhash_rust::xxh3::xxh3_64(w.as_bytes())).collect();
    if words.len() < SHINGLE * 4 {
        return None;
    }
    let mut sig = [u64::MAX; HASHES];
    for win in words.windows(SHINGLE) {
        // Combine the word hashes of the shingle (order-sensitive), then mix.
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        for w in win {
            h = (h ^ w).wrapping_mul(0x0000_0100_0000_01b3).rotate_left(17);
        }
        let h = mix(h);
        let bin = (h >> 58) as usize;
        let value = h & ((1 << 58) - 1);
        if value < sig[bin] {
            sig[bin] = value;
        }
    }
    densify(&mut sig);
    Some(sig)
}

/// SplitMix64 finaliser: spreads the shingle hash over all 64 bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Fills empty bins from the next filled bin to the right (wrapping), offset
/// by the distance so that borrowed values differ from their source bin's.
fn densify(sig: &mut Signature) {
    if sig.iter().all(|&v| v == u64::MAX) {
        return;
    }
    let filled = *sig;
    for i in 0..HASHES {
        if filled[i] != u64::MAX {
            continue;
        }
        let mut d = 1;
        while filled[(i + d) % HASHES] == u64::MAX {
            d += 1;
        }
        sig[i] = filled[(i + d) % HASHES].wrapping_add(d as u64 * 0x9e37_79b9);
    }
}

pub fn estimated_jaccard(a: &Signature, b: &Signature) -> f32 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / HASHES as f32
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// Pairs of document indices whose texts are copies of each other.
pub fn candidate_pairs(sigs: &[Option<Signature>]) -> Vec<(usize, usize)> {
    let refs: Vec<Option<&[u64]>> = sigs.iter().map(|s| s.as_ref().map(|s| &s[..])).collect();
    candidate_pairs_of(&refs)
}

fn candidate_pairs_of(sigs: &[Option<&[u64]>]) -> Vec<(usize, usize)> {
    let per_band: Vec<Vec<(usize, usize)>> = (0..BANDS).into_par_iter().map(|band| band_pairs(sigs, band)).collect();
    let mut pairs: Vec<(usize, usize)> = per_band.into_iter().flatten().collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

/// The bucket of a signature in one LSH band.
pub(crate) fn band_key(sig: &[u64], band: usize) -> u64 {
    let rows = &sig[band * ROWS..(band + 1) * ROWS];
    rows.iter().fold(band as u64, |h, r| (h ^ r).wrapping_mul(0x0000_0100_0000_01b3))
}

/// Candidate pairs from one LSH band: documents whose rows in that band hash alike.
fn band_pairs(sigs: &[Option<&[u64]>], band: usize) -> Vec<(usize, usize)> {
    let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, sig) in sigs.iter().enumerate() {
        let Some(sig) = sig else { continue };
        buckets.entry(band_key(sig, band)).or_default().push(i);
    }
    let mut pairs = Vec::new();
    for members in buckets.values().filter(|m| m.len() > 1) {
        // A huge bucket is boilerplate, not copies: compare each with its first only.
        if members.len() > 64 {
            pairs.extend(members[1..].iter().map(|&m| (members[0], m)));
            continue;
        }
        for (k, &a) in members.iter().enumerate() {
            pairs.extend(members[k + 1..].iter().map(|&b| (a, b)));
        }
    }
    pairs
}

pub(crate) fn jaccard_of(a: &[u64], b: &[u64]) -> f32 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / HASHES as f32
}

/// (copy, original) article ids for every exact or near duplicate.
///
/// Reads the stored signatures and text hashes only; the full text of an
/// article is fetched from `src` (one at a time) just for the members of a
/// duplicate group that spans several outlets, to see who credits whom.
pub fn duplicates<S: CorpusSource>(docs: &[DocSummary], src: &S) -> Result<Vec<(String, String)>, S::Error> {
    let n = docs.len();
    let mut uf = UnionFind((0..n).collect());
    // Exact copies first: same normalised text hash.
    let mut by_hash: HashMap<u64, usize> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        if let Some(&j) = by_hash.get(&d.text_hash) {
            uf.union(i, j);
        } else {
            by_hash.insert(d.text_hash, i);
        }
    }
    drop(by_hash);
    // A stored signature of the wrong length (a corrupt row) judges nothing.
    let sigs: Vec<Option<&[u64]>> =
        docs.iter().map(|d| Some(d.minhash.as_slice()).filter(|s| s.len() == HASHES)).collect();
    for (a, b) in candidate_pairs_of(&sigs) {
        if let (Some(sa), Some(sb)) = (sigs[a], sigs[b])
            && jaccard_of(sa, sb) >= NEAR_THRESHOLD
        {
            uf.union(a, b);
        }
    }
    drop(sigs);
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        let r = uf.find(i);
        groups.entry(r).or_default().push(i);
    }
    let mut out = Vec::new();
    for members in groups.values().filter(|m| m.len() > 1) {
        let credited = credited_outlets(docs, members, src)?;
        let original = *members.iter().min_by_key(|&&i| origin_rank(docs, i, &credited)).expect("a group has members");
        for &m in members.iter().filter(|&&m| m != original) {
            out.push((docs[m].id.clone(), docs[original].id.clone()));
        }
    }
    out.sort();
    Ok(out)
}

/// Outlets of a group that another copy credits ("(Meridian Wire) -",
/// "Source: Meridian Wire"): some member from another, known outlet has the
/// name in its text. Only a copy from another outlet counts (a wire's own
/// dateline "(Meridian Wire)" credits nobody), so a group from one outlet
/// needs no text at all.
fn credited_outlets<'a, S: CorpusSource>(
    docs: &'a [DocSummary],
    members: &[usize],
    src: &S,
) -> Result<HashSet<&'a str>, S::Error> {
    let names: BTreeSet<&str> =
        members.iter().filter_map(|&m| docs[m].outlet.as_deref()).filter(|o| o.len() > 2).collect();
    let mut credited = HashSet::new();
    if names.is_empty() {
        return Ok(credited);
    }
    for &m in members {
        let Some(own) = docs[m].outlet.as_deref() else { continue };
        let wanted: Vec<&str> = names.iter().copied().filter(|&o| o != own && !credited.contains(o)).collect();
        if wanted.is_empty() {
            continue;
        }
        let Some(text) = src.article_text(&docs[m].id)? else { continue };
        for o in wanted {
            if text.contains(o) {
                credited.insert(o);
            }
        }
    }
    Ok(credited)
}

/// Who ran it first: a copy whose outlet is credited by the others wins,
/// then the earliest publication date, then the smallest id.
fn origin_rank<'a>(
    docs: &'a [DocSummary],
    i: usize,
    credited: &HashSet<&str>,
) -> (bool, (bool, Option<storyline_model::PartialDate>), &'a str) {
    let is_credited = docs[i].outlet.as_deref().is_some_and(|o| credited.contains(o));
    (!is_credited, date_key(docs[i].published), docs[i].id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::PartialDate;

    fn doc(id: &str, outlet: &str, published: &str, text: &str) -> DocSummary {
        let f = crate::features(text);
        DocSummary {
            id: id.into(),
            published: published.parse::<PartialDate>().ok(),
            outlet: Some(outlet.into()),
            title: None,
            text_hash: xxhash_rust::xxh3::xxh3_64(normalize_for_hash(text).as_bytes()),
            minhash: f.minhash,
            lead: f.lead,
        }
    }

    const WIRE: &str = "Negotiators from both countries met on Tuesday for a third round of talks on the Sula dam, officials said. \
        Foreign ministry spokesperson Dmytro Savchuk told reporters the meeting had been constructive and long overdue. \
        We expect a written proposal by Friday, Savchuk said, adding that nothing less would do for the farmers downstream. \
        The talks are due to continue next week in the river council's offices, where both delegations keep staff.";

    #[test]
    fn syndicated_copy_with_a_disclaimer_points_to_the_wire_original() {
        let copy = format!(
            "{WIRE}\n\nSource: Meridian Wire. NewsPulse provides the information as is without warranty of any kind."
        );
        let other = "The national football team won its qualifier on Saturday after a late goal from the captain, \
            who said the squad had worked for months on set pieces and deserved the result after a long season of injuries.";
        let docs = vec![
            doc("b", "NewsPulse Syndication", "2025-03-06", &copy),
            doc("a", "Meridian Wire", "2025-03-06", WIRE),
            doc("c", "Sports Desk", "2025-03-06", other),
        ];
        let texts = crate::InMemory::new([("b", copy.as_str()), ("a", WIRE), ("c", other)]);
        assert_eq!(duplicates(&docs, &texts), Ok(vec![("b".to_string(), "a".to_string())]));
        // The credit decides, not the date: the copy ran a day earlier here.
        let mut docs = docs;
        docs[0].published = "2025-03-05".parse().ok();
        assert_eq!(duplicates(&docs, &texts), Ok(vec![("b".to_string(), "a".to_string())]));
        // Without a credit the earlier copy is the original.
        let plain = crate::InMemory::new([("b", WIRE), ("a", WIRE), ("c", other)]);
        docs[0].text_hash = docs[1].text_hash;
        assert_eq!(duplicates(&docs, &plain), Ok(vec![("a".to_string(), "b".to_string())]));
    }

    #[test]
    fn lightly_edited_copies_are_near_duplicates_but_different_stories_are_not() {
        let edited = WIRE.replace("Tuesday", "Wednesday").replace("long overdue", "overdue");
        let a = signature(WIRE).unwrap();
        let b = signature(&edited).unwrap();
        assert!(estimated_jaccard(&a, &b) >= NEAR_THRESHOLD, "{}", estimated_jaccard(&a, &b));
        let different = signature(
            "The council published its annual report on water quality on Monday, showing nitrate levels fell in most \
             rivers for the third year running, although two reservoirs in the north still exceeded the limits set in 2019.",
        )
        .unwrap();
        assert!(estimated_jaccard(&a, &different) < 0.2);
    }
}
