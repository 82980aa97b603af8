//! The program's `msg!` lines print straight to stdout when it runs natively
//! (solana-msg 3 off SBF). Commands write their own output to a saved copy of stdout
//! and point file descriptor 1 at /dev/null, so stdout carries only what the command
//! means to print (tables, or the scenario runner's JSON).

use std::fs::File;
use std::io::{self, Write};
use std::os::fd::FromRawFd;

/// The process's real stdout, kept while fd 1 is silenced.
pub struct Stdout {
    file: File,
}

impl Stdout {
    /// Saves stdout and silences fd 1. Set `LEVER_PROGRAM_LOGS=1` to keep program
    /// logs on stderr instead of discarding them.
    pub fn take() -> io::Result<Self> {
        // SAFETY: plain POSIX fd calls on descriptors this process owns; every result
        // is checked before use, and the saved descriptor is owned by the returned File.
        unsafe {
            let saved = libc::dup(libc::STDOUT_FILENO);
            if saved < 0 {
                return Err(io::Error::last_os_error());
            }
            let target = if std::env::var_os("LEVER_PROGRAM_LOGS").is_some() {
                libc::dup(libc::STDERR_FILENO)
            } else {
                libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY)
            };
            if target < 0 || libc::dup2(target, libc::STDOUT_FILENO) < 0 {
                return Err(io::Error::last_os_error());
            }
            libc::close(target);
            Ok(Stdout {
                file: File::from_raw_fd(saved),
            })
        }
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}
