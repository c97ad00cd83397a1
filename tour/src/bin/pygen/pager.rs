//! Pacing the tour: the terminal's width, and waiting for Enter.

use std::io::{self, BufRead, IsTerminal, Write};

/// The columns to wrap to: the terminal's width, or 80 when piped.
pub fn width() -> usize {
    if !std::io::stdout().is_terminal() {
        return 80;
    }
    terminal_size::terminal_size()
        .map(|(terminal_size::Width(w), _)| usize::from(w))
        .filter(|&w| w >= 40)
        .unwrap_or(80)
}

/// Before example `i` of `n` (not the first): waits for Enter. `false` when
/// the reader typed `q` or the input ended; an error only when writing
/// the prompt to `out` fails.
pub fn wait(out: &mut dyn Write, i: usize, n: usize) -> io::Result<bool> {
    if i == 0 {
        return Ok(true);
    }
    write!(
        out,
        "-- {i}/{n} shown; Enter for the next example, q to stop -- "
    )?;
    out.flush()?;
    let mut line = String::new();
    let read = io::stdin().lock().read_line(&mut line);
    if !io::stdin().is_terminal() {
        writeln!(out)?;
    }
    Ok(matches!(read, Ok(n) if n > 0) && line.trim() != "q")
}
