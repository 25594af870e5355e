//! Hashes: FNV for small keys probed often, XXH3 for content (the same in every run and on
//! every machine: the build cache keeps them), and maps and sets keyed by them.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

/// FNV-1a (64-bit): the stop-word set is probed for every word of every page, and its keys
/// are short, so a simple fast hash beats SipHash here; it is also the same in every run,
/// which the build cache needs.
#[derive(Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A hash set with the [`Fnv`] hasher, for small keys probed often.
pub type FnvSet<T> = HashSet<T, std::hash::BuildHasherDefault<Fnv>>;

/// A hash map with the [`Fnv`] hasher, for small keys probed often.
pub type FnvMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// A hasher for keys that are well-mixed hashes already (a [`hash_str`] value): it passes
/// them through instead of hashing them again.
#[derive(Clone, Copy, Default)]
pub struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Not reached for `u64` keys; any other key still hashes (slowly) rather than panicking.
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A set of [`hash_str`] values.
pub type HashSet64 = HashSet<u64, std::hash::BuildHasherDefault<Prehashed>>;

/// A map keyed by [`hash_str`] values.
pub type HashMap64<V> = std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<Prehashed>>;

/// A 64-bit hash of a string's bytes ([`hash_bytes`]).
pub fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// A 64-bit content hash (XXH3): the same in every run and on every machine (the build cache
/// keeps it), and fast on long inputs (whole seeds, whole pages) where FNV's byte-at-a-time
/// loop is slow. [`ContentHasher`] gives the same value over bytes that come in pieces.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// [`hash_bytes`] of everything written to it, in pieces.
#[derive(Clone, Default)]
pub struct ContentHasher(xxhash_rust::xxh3::Xxh3Default);

impl ContentHasher {
    /// Adds bytes.
    pub fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// Adds one field of a record: its length, then its bytes (so that two fields cannot
    /// run into each other: `ab`,`c` and `a`,`bc` hash apart).
    pub fn field(&mut self, bytes: &[u8]) {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    /// The hash of all bytes written so far.
    pub fn finish(&self) -> u64 {
        self.0.digest()
    }
}

/// A sink for serialisers: what is written is hashed, never stored.
impl std::io::Write for ContentHasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A 64-bit hash of any hashable value, through [`Fnv`]: the same in every run of one build
/// of the program.
pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = Fnv::default();
    value.hash(&mut h);
    h.finish()
}
