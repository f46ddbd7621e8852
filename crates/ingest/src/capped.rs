//! The one reader every decompressed byte goes through: it fails, rather
//! than truncates, when a stream grows past its limit (gzip bombs).

use std::io::{self, Read};

pub struct CappedReader<R> {
    inner: R,
    remaining: u64,
    limit: u64,
}

impl<R: Read> CappedReader<R> {
    pub fn new(inner: R, limit: u64) -> CappedReader<R> {
        CappedReader { inner, remaining: limit, limit }
    }
}

#[derive(Debug)]
struct LimitExceeded(u64);

impl std::fmt::Display for LimitExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "decompressed data exceeds the {}-byte limit", self.0)
    }
}
impl std::error::Error for LimitExceeded {}

/// The limit carried by an error from a [`CappedReader`], if it is one.
pub(crate) fn limit_of(e: &io::Error) -> Option<u64> {
    e.get_ref()?.downcast_ref::<LimitExceeded>().map(|l| l.0)
}

impl<R: Read> Read for CappedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.remaining == 0 {
            // Probe one byte: exactly `limit` bytes is fine, one more is not.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::new(io::ErrorKind::FileTooLarge, LimitExceeded(self.limit))),
            };
        }
        let max = buf.len().min(self.remaining.min(usize::MAX as u64) as usize);
        let n = self.inner.read(&mut buf[..max])?;
        self.remaining -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fails_past_the_limit_instead_of_truncating() {
        let mut ok = Vec::new();
        CappedReader::new(&[1u8; 10][..], 10).read_to_end(&mut ok).unwrap();
        assert_eq!(ok.len(), 10);
        let err = CappedReader::new(&[1u8; 11][..], 10).read_to_end(&mut Vec::new()).unwrap_err();
        assert_eq!(limit_of(&err), Some(10));
    }
}
