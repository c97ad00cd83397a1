//! Laying text out for a terminal: word wrapping and colours.

/// Word-wraps `text` to `width` columns (a longer word is cut), keeping its
/// leading spaces on every line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let trimmed = text.trim_start_matches(' ');
    let lead = text.len() - trimmed.len();
    if lead > 0 {
        let pad = " ".repeat(lead);
        return wrap(trimmed, width.saturating_sub(lead))
            .into_iter()
            .map(|l| format!("{pad}{l}"))
            .collect();
    }
    let width = width.max(8);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let mut word = word.to_owned();
        loop {
            let used = line.chars().count();
            let len = word.chars().count();
            let gap = usize::from(used > 0);
            if used + gap + len <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            let cut: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            lines.push(cut);
            if word.is_empty() {
                break;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// How a piece of text is coloured on a terminal.
#[derive(Clone, Copy)]
pub(super) enum Style {
    Caller,
    Body,
    State,
    Error,
    Note,
    Rust,
}

impl Style {
    fn code(self) -> &'static str {
        match self {
            Style::Caller => "36", // cyan
            Style::Body => "33",   // yellow
            Style::State => "2",   // dim
            Style::Error => "31",  // red
            Style::Note => "1;35", // bold magenta
            Style::Rust => "2;36", // dim cyan
        }
    }

    pub(super) fn paint(self, text: &str, colour: bool) -> String {
        if colour && !text.is_empty() {
            format!("\x1b[{}m{text}\x1b[0m", self.code())
        } else {
            text.to_owned()
        }
    }
}
