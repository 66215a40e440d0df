//! [`Limits`]: the bounds that keep time and memory linear in the input.
//!
//! Defaults follow docs/HOSTILE-INPUT.md: generous enough for large SFU
//! offers (100 KB+ of ssrc lines), far below what would let one hostile
//! description cost seconds or gigabytes. A breach is a `limit-exceeded`
//! finding, never a refusal to report what came before it.

/// Bounds applied to each description.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest description, in bytes (default 1 MiB).
    pub max_sdp_bytes: usize,
    /// Longest line, in bytes (default 64 KiB).
    pub max_line_bytes: usize,
    /// Most lines in one description (default 100,000).
    pub max_lines: usize,
    /// Most media sections (default 1,024).
    pub max_media: usize,
    /// Most formats on one `m=` line (default 1,024).
    pub max_formats: usize,
    /// Most `a=candidate` lines in one media section, or at session level
    /// (default 4,096; pjnath's `PJ_ICE_MAX_CAND` is 32).
    pub max_candidates: usize,
    /// Most findings reported for one description (default 1,000).
    pub max_findings: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_sdp_bytes: 1 << 20,
            max_line_bytes: 64 << 10,
            max_lines: 100_000,
            max_media: 1_024,
            max_formats: 1_024,
            max_candidates: 4_096,
            max_findings: 1_000,
        }
    }
}
