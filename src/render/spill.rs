//! Where a document format keeps the parts it can write only at the end
//! (the JSON document's `pairs` and `diagnostics` arrays come after `sdps`):
//! memory, then, with the `cli` feature (which brings `tempfile`), a
//! temporary file once past a few MiB, so a log of any size renders in
//! bounded memory.

use std::io;
#[cfg(feature = "cli")]
use std::io::{BufWriter, Seek as _};

/// Bytes kept in memory before they move to a temporary file.
#[cfg(feature = "cli")]
const MEMORY: usize = 4 << 20;

/// Bytes written now, read back once at the end.
#[derive(Debug, Default)]
pub(crate) struct Spill {
    memory: Vec<u8>,
    /// The temporary file (deleted when closed), once there is one.
    #[cfg(feature = "cli")]
    file: Option<BufWriter<std::fs::File>>,
}

impl Spill {
    /// Writes everything spilled so far to `out`, and forgets it.
    pub(crate) fn drain_into(&mut self, out: &mut dyn io::Write) -> io::Result<()> {
        #[cfg(feature = "cli")]
        if let Some(file) = self.file.take() {
            let mut file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
            file.rewind()?;
            io::copy(&mut file, out)?;
        }
        out.write_all(&self.memory)?;
        self.memory.clear();
        Ok(())
    }
}

impl io::Write for Spill {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        #[cfg(feature = "cli")]
        if let Some(file) = &mut self.file {
            return file.write(buf);
        }
        self.memory.extend_from_slice(buf);
        #[cfg(feature = "cli")]
        if self.memory.len() > MEMORY {
            let mut file = BufWriter::new(tempfile::tempfile()?);
            file.write_all(&self.memory)?;
            self.memory = Vec::new();
            self.file = Some(file);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        #[cfg(feature = "cli")]
        if let Some(file) = &mut self.file {
            return file.flush();
        }
        Ok(())
    }
}
