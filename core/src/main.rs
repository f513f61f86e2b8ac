use clap::Parser;
use std::process::ExitCode;

// glibc's malloc was a tenth of the webhook path's CPU under load: requests
// allocate on the runtime's threads and SQLite's connection threads free, and
// glibc's per-thread arenas consolidate and lock on every such handover.
// (whisper.cpp's buffers are allocated by C code and keep using libc.)
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    conserje::cli::run(conserje::cli::Cli::parse())
}
