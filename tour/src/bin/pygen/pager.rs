//! Pacing the tour: the terminal's width, and waiting for Enter.

use std::io::{BufRead, IsTerminal, Write};

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
/// the reader typed `q` or the input ended.
pub fn wait(i: usize, n: usize) -> bool {
    if i == 0 {
        return true;
    }
    print!("-- {i}/{n} shown; Enter for the next example, q to stop -- ");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line);
    if !std::io::stdin().is_terminal() {
        println!();
    }
    matches!(read, Ok(n) if n > 0) && line.trim() != "q"
}
