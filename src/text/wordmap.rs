//! Word lists looked up ignoring ASCII case, with nothing hashed or lower-cased: the
//! reporting verbs, roles and honorifics of [`crate::quotes`], the tense words of
//! [`crate::temporal`]. Pure data structures, built once per list.

/// A list of lower-case words, each with a value (a set when `V` is `()`), grouped by first
/// byte and length: a word is compared, ignoring ASCII case, with the members of its own group
/// only (by their first eight bytes packed in an integer: one comparison each), and most
/// words of a text find their group empty. Nothing is hashed or lower-cased.
pub struct WordMap<V: 'static = ()> {
    /// The members with their [`prefix_key`]s, in the order of their groups.
    members: Vec<(&'static str, u64, V)>,
    /// Group `g`'s members are `members[groups[g]..groups[g + 1]]`.
    groups: Vec<u16>,
    /// Bit `n` of `filled[b & 31]` is set when the group of first byte `b` and length `n` has
    /// members: a small table, always in the cache, which answers most lookups alone.
    filled: [u32; 32],
    /// Bit `n` is set when a member has `n` bytes: the union of `filled`.
    lengths: u32,
}

/// A [`WordMap`] that only tells membership.
pub type WordSet = WordMap<()>;

/// Members are shorter than this (in bytes).
const MEMBER_LIMIT: usize = 32;

/// The group of a word: its first byte (an ASCII letter of either case alike) and its length;
/// none for an empty word or one too long to be a member.
fn group_of(word: &str) -> Option<usize> {
    let &first = word.as_bytes().first()?;
    (word.len() < MEMBER_LIMIT).then(|| usize::from(first & 31) * MEMBER_LIMIT + word.len())
}

/// The first eight bytes of `word`, ASCII lower-cased, packed into an integer: two words of
/// one length at most eight bytes long are equal but for ASCII case when their keys are equal.
fn prefix_key(word: &str) -> u64 {
    word.bytes().take(8).enumerate().fold(0, |key, (i, b)| key | u64::from(b.to_ascii_lowercase()) << (8 * i))
}

impl<V: Copy> WordMap<V> {
    /// The map of `list` (lower-case words): the first value of a word listed twice.
    pub fn of(list: impl IntoIterator<Item = (&'static str, V)>) -> Self {
        let mut members: Vec<(&'static str, u64, V)> = Vec::new();
        for (word, value) in list {
            debug_assert!(group_of(word).is_some() && word == word.to_lowercase(), "{word}: no member");
            if !members.iter().any(|(m, ..)| *m == word) {
                members.push((word, prefix_key(word), value));
            }
        }
        debug_assert!(members.len() < usize::from(u16::MAX), "too many members for `groups`");
        let group = |word: &str| group_of(word).unwrap_or(0);
        members.sort_by_key(|&(word, ..)| group(word));
        let groups = (0..=32 * MEMBER_LIMIT)
            .map(|g| u16::try_from(members.partition_point(|&(word, ..)| group(word) < g)).unwrap_or(u16::MAX))
            .collect();
        let mut filled = [0u32; 32];
        for (word, ..) in &members {
            if let Some(&first) = word.as_bytes().first() {
                filled[usize::from(first & 31)] |= 1 << word.len().min(31);
            }
        }
        let lengths = filled.iter().fold(0, |acc, f| acc | f);
        WordMap { members, groups, filled, lengths }
    }

    /// The value of the member equal to `word` but for ASCII case ([`str::eq_ignore_ascii_case`]).
    pub fn get_ascii(&self, word: &str) -> Option<V> {
        let g = group_of(word)?;
        if (self.filled[g / MEMBER_LIMIT] >> word.len()) & 1 == 0 {
            return None;
        }
        let from = usize::from(*self.groups.get(g)?);
        let to = usize::from(*self.groups.get(g + 1)?);
        let group = self.members.get(from..to)?;
        let key = prefix_key(word);
        // A word of eight bytes or fewer is all in its key; a longer one is compared whole.
        let same = |member: &str| word.len() <= 8 || member.eq_ignore_ascii_case(word);
        group.iter().find(|&&(member, k, _)| k == key && same(member)).map(|&(.., value)| value)
    }

    /// Whether a member has `n` bytes (a word of another length is none).
    pub fn has_length(&self, n: usize) -> bool {
        n < 32 && (self.lengths >> n) & 1 != 0
    }
}

impl WordSet {
    /// The set of `list` (lower-case words).
    pub fn of_words(list: &[&'static str]) -> Self {
        WordMap::of(list.iter().map(|&w| (w, ())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_found_whatever_their_ascii_case_and_others_are_not() {
        let map = WordMap::of([("said", 1u8), ("according", 2), ("a", 3), ("said", 9)]);
        assert_eq!(map.get_ascii("said"), Some(1), "the first value of a word listed twice");
        assert_eq!(map.get_ascii("SAID"), Some(1));
        assert_eq!(map.get_ascii("According"), Some(2));
        assert_eq!(map.get_ascii("A"), Some(3));
        for other in ["", "sai", "saids", "accordinG1", "b", "sa\u{ef}d"] {
            assert_eq!(map.get_ascii(other), None, "{other}");
        }
        assert!(map.has_length(4) && !map.has_length(5) && !map.has_length(200));
    }
}
