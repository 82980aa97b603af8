//! The progress indicator of the risk commands: on stderr, and only when stdout is a
//! terminal (someone is watching) and `--quiet` was not given, so a pipe or a
//! redirect gets nothing but the result.

use std::io::Read;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use lever_risk::cascade::Observer;

/// A bar, or nothing.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// Shown when `visible`.
    pub fn new(visible: bool) -> Self {
        let target = if visible {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        Progress {
            bar: ProgressBar::with_draw_target(None, target),
        }
    }

    /// Starts a stage of `total` units of `unit` ("bytes" shows sizes).
    pub fn stage(&self, message: &'static str, total: u64, unit: &str) {
        let template = if unit == "bytes" {
            "{msg:>10} [{bar:40}] {binary_bytes}/{binary_total_bytes} ({eta})".to_string()
        } else {
            format!("{{msg:>10}} [{{bar:40}}] {{human_pos}}/{{human_len}} {unit} ({{eta}})")
        };
        let style = ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        self.bar.set_style(style);
        self.bar.set_length(total);
        self.bar.set_position(0);
        self.bar.set_message(message);
        self.bar.enable_steady_tick(Duration::from_millis(200));
    }

    pub fn set(&self, position: u64) {
        self.bar.set_position(position);
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    /// `reader`, counting what it reads into the bar.
    pub fn reader<R: Read>(&self, reader: R) -> impl Read {
        self.bar.wrap_read(reader)
    }
}

impl Observer for &Progress {
    fn round_started(&mut self, round: u32, _max_rounds: u32) {
        self.set(u64::from(round));
    }
}
