//! Where rendered files go: the seam between rendering (pure) and output (IO).
//!
//! Rendering hands each finished file to a [`PageSink`] as soon as it is made, so a build
//! never holds every page in memory: `build` streams into a staging folder on disk,
//! `serve` and the tests keep a [`MemorySink`].

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Mutex;

use crate::error::OutputError;

/// A destination for the files of a site, keyed by `/`-separated path (`articles/x/index.html`).
pub trait PageSink: Sync {
    /// Takes one file. Called from several threads at once.
    ///
    /// # Errors
    /// The file cannot be stored.
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), OutputError>;

    /// Takes one file made piece by piece by `write` (large generated files, which a sink on
    /// disk writes out as they come rather than holding them whole). Never minified.
    ///
    /// # Errors
    /// `write` fails, or the file cannot be stored.
    fn put_with(&self, path: &str, write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) -> Result<(), OutputError> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(OutputError::io("make", path))?;
        self.put(path, bytes)
    }

    /// Takes one long file written by `write` into a [`Splice`], which can copy ranges of the
    /// previous build's file at `path` when the sink still holds it intact (a sink on disk
    /// copies them without reading them into the program). Never minified. This default
    /// holds no previous file.
    ///
    /// # Errors
    /// `write` fails, or the file cannot be stored.
    fn put_spliced(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Splice) -> io::Result<()>,
    ) -> Result<(), OutputError> {
        let mut file = InMemory { bytes: Vec::new(), previous: None };
        write(&mut file).map_err(OutputError::io("make", path))?;
        self.put(path, file.bytes)
    }

    /// The bytes of the file at `path` as this build has it (made or kept).
    ///
    /// # Errors
    /// The build has no such file, or it cannot be read.
    fn read(&self, path: &str) -> Result<Vec<u8>, OutputError>;

    /// Keeps the previous build's file at `path` as it is, when the sink still has it
    /// (the caller knows its inputs did not change). False when it cannot: the caller then
    /// renders the file and [`put`](PageSink::put)s it.
    fn keep(&self, path: &str) -> bool;
}

/// A file being written that can take ranges of the previous build's file at the same path
/// ([`PageSink::put_spliced`]).
pub trait Splice: Write {
    /// The length of the previous file, when there is one to copy from.
    fn previous_len(&self) -> Option<u64>;

    /// Appends `len` bytes of the previous file, from its byte `at`.
    ///
    /// # Errors
    /// There is no previous file, the range is not in it, or the copy fails.
    fn copy_previous(&mut self, at: u64, len: u64) -> io::Result<()>;
}

/// A file written into memory, copying from the previous file's bytes when there are some.
struct InMemory<'a> {
    bytes: Vec<u8>,
    previous: Option<&'a [u8]>,
}

impl Write for InMemory<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Splice for InMemory<'_> {
    fn previous_len(&self) -> Option<u64> {
        self.previous.map(|p| p.len() as u64)
    }

    fn copy_previous(&mut self, at: u64, len: u64) -> io::Result<()> {
        let range = usize::try_from(at).ok().zip(usize::try_from(at.saturating_add(len)).ok());
        let bytes = self.previous.zip(range).and_then(|(p, (from, to))| p.get(from..to));
        let bytes = bytes.ok_or_else(|| io::Error::other("the range is not in the previous file"))?;
        self.bytes.extend_from_slice(bytes);
        Ok(())
    }
}

/// Keeps every file in memory, ordered by path.
#[derive(Debug, Default)]
pub struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
    previous: BTreeMap<String, Vec<u8>>,
}

impl MemorySink {
    /// A sink that can [`keep`](PageSink::keep) the files of a previous build.
    pub fn with_previous(previous: BTreeMap<String, Vec<u8>>) -> Self {
        MemorySink { files: Mutex::default(), previous }
    }

    /// The files stored so far, ordered by path.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl PageSink for MemorySink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), OutputError> {
        let mut files = self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        files.insert(path.to_owned(), bytes);
        Ok(())
    }

    fn put_spliced(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Splice) -> io::Result<()>,
    ) -> Result<(), OutputError> {
        let mut file = InMemory { bytes: Vec::new(), previous: self.previous.get(path).map(Vec::as_slice) };
        write(&mut file).map_err(OutputError::io("make", path))?;
        self.put(path, file.bytes)
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, OutputError> {
        let files = self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        files.get(path).cloned().ok_or_else(|| {
            OutputError::io("read", path)(io::Error::new(io::ErrorKind::NotFound, "not made by this build"))
        })
    }

    fn keep(&self, path: &str) -> bool {
        let Some(bytes) = self.previous.get(path) else {
            return false;
        };
        let mut files = self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        files.insert(path.to_owned(), bytes.clone());
        true
    }
}

/// A [`Splice`] that counts the bytes copied through it (for tests of what is copied).
#[cfg(test)]
pub(crate) struct CountingSplice<'a> {
    /// Where the bytes go.
    pub inner: &'a mut dyn Splice,
    /// Bytes copied from the previous file so far.
    pub copied: u64,
}

#[cfg(test)]
impl Write for CountingSplice<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
impl Splice for CountingSplice<'_> {
    fn previous_len(&self) -> Option<u64> {
        self.inner.previous_len()
    }

    fn copy_previous(&mut self, at: u64, len: u64) -> io::Result<()> {
        self.copied += len;
        self.inner.copy_previous(at, len)
    }
}
