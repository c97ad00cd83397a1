//! Pages for sharing and slides: an example (or the whole tour) as
//! Markdown, or as one self-contained HTML page whose timelines step forward
//! and back in the browser, with the Python line the generator is paused at
//! marked in the source. No server, no external resources: the styles and
//! the script are inline.

use crate::trace::{Step, View};
use crate::tutorial::Example;
use pygen::Backend;
use std::fmt::Write as _;

/// The page format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// GitHub-flavoured Markdown.
    Markdown,
    /// One self-contained HTML page with a step-through per timeline.
    Html,
}

/// The timeline of `ex` on `backend`, as the page shows it (Python's words, 80 columns).
pub fn steps(ex: &Example, backend: Backend) -> Vec<Step> {
    let view = View {
        lines: ex.lines,
        ..View::python(80)
    };
    ex.timeline(backend).steps(&view)
}

/// `examples` on `backend` as one page in `format`, titled `title`.
pub fn page(examples: &[&Example], backend: Backend, format: Format, title: &str) -> String {
    match format {
        Format::Markdown => markdown(examples, backend, title),
        Format::Html => html(examples, backend, title),
    }
}

fn fence(out: &mut String, lang: &str, text: &str) {
    let _ = writeln!(out, "```{lang}\n{}\n```\n", text.trim_end());
}

fn markdown(examples: &[&Example], backend: Backend, title: &str) -> String {
    let mut out = format!("# {title}\n\nTimelines recorded on the {backend} backend.\n\n");
    for ex in examples {
        let _ = writeln!(out, "## [{}] {}\n\n*{}*\n", ex.number, ex.title, ex.section);
        let _ = writeln!(out, "Python (`{}`):\n", ex.python_file);
        fence(&mut out, "python", ex.python);
        match ex.claimed {
            Some(c) => {
                out.push_str("The tutorial says it prints:\n\n");
                fence(&mut out, "text", c);
            }
            None => out.push_str("The tutorial shows no output for it.\n\n"),
        }
        out.push_str("python3 really prints:\n\n");
        fence(&mut out, "text", ex.python_output);
        let _ = writeln!(out, "**Verdict.** {}\n", ex.verdict);
        out.push_str("Rust:\n\n");
        fence(&mut out, "rust", &ex.rust());
        out.push_str("Timeline, step by step:\n\n");
        for (i, step) in steps(ex, backend).iter().enumerate() {
            let at = match step.line {
                Some(n) => format!(" — `{}` at line {n}", step.generator),
                None => String::new(),
            };
            let _ = writeln!(out, "{}. `{}`{at}", i + 1, step.text.replace('\n', "` `"));
        }
        out.push('\n');
    }
    out
}

/// HTML-escapes text.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = "\
body{font-family:sans-serif;max-width:60em;margin:auto;padding:1em;line-height:1.4}
pre{background:#f6f6f6;padding:.5em;overflow-x:auto}
.source .line{display:block}
.source .line.here{background:#fff3b0}
.mark{display:inline-block;width:1.5em;color:#c00}
.timeline .row{display:block}
.timeline .row.hidden{display:none}
.timeline .row.current{background:#dff0ff}
.verdict{border-left:4px solid #888;padding-left:.7em}
";

/// The step-through: every example section has Back/Forward buttons; step
/// `k` shows the first `k` rows, highlights row `k`, and marks its line.
const SCRIPT: &str = "\
function setStep(sec, k) {
  var rows = sec.querySelectorAll('.timeline .row');
  k = Math.max(0, Math.min(rows.length, k));
  sec.dataset.step = k;
  var line = '';
  rows.forEach(function (r, i) {
    r.classList.toggle('hidden', i >= k);
    r.classList.toggle('current', i === k - 1);
    if (i === k - 1) { line = r.dataset.line; }
  });
  sec.querySelectorAll('.source .line').forEach(function (l) {
    var here = line !== '' && l.dataset.line === line;
    l.classList.toggle('here', here);
    l.querySelector('.mark').textContent = here ? '\\u25b6' : '';
  });
  sec.querySelector('.pos').textContent = k + ' / ' + rows.length;
}
document.querySelectorAll('section.example').forEach(function (sec) {
  sec.querySelector('.back').addEventListener('click', function () {
    setStep(sec, Number(sec.dataset.step) - 1);
  });
  sec.querySelector('.forward').addEventListener('click', function () {
    setStep(sec, Number(sec.dataset.step) + 1);
  });
  setStep(sec, 0);
});
document.addEventListener('keydown', function (e) {
  var sec = document.querySelector('section.example:hover') ||
            document.querySelector('section.example');
  if (!sec) { return; }
  if (e.key === 'ArrowRight') { setStep(sec, Number(sec.dataset.step) + 1); }
  if (e.key === 'ArrowLeft') { setStep(sec, Number(sec.dataset.step) - 1); }
});
";

fn html(examples: &[&Example], backend: Backend, title: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n\
         <p>Timelines recorded on the {backend} backend. Step through each one with \
         Back and Forward (or the arrow keys); the marked line of the Python source is \
         where the generator is paused, or runs from.</p>\n",
        escape(title),
        escape(title)
    );
    for ex in examples {
        let _ = writeln!(
            out,
            "<section class=\"example\" id=\"{}\" data-step=\"0\">\n<h2>[{}] {}</h2>\n<p><em>{}</em></p>",
            escape(ex.id),
            escape(ex.number),
            escape(ex.title),
            escape(ex.section)
        );
        let _ = writeln!(
            out,
            "<h3>Python ({})</h3>\n<pre class=\"source\">",
            escape(ex.python_file)
        );
        for (i, line) in ex.python.lines().enumerate() {
            let _ = writeln!(
                out,
                "<span class=\"line\" data-line=\"{n}\"><span class=\"mark\"></span>{n:>3}  {}</span>",
                escape(line),
                n = i + 1
            );
        }
        out.push_str("</pre>\n");
        match ex.claimed {
            Some(c) => {
                let _ = writeln!(
                    out,
                    "<h3>The tutorial says it prints</h3>\n<pre class=\"claimed\">{}</pre>",
                    escape(c)
                );
            }
            None => out.push_str("<p>The tutorial shows no output for it.</p>\n"),
        }
        let _ = writeln!(
            out,
            "<h3>python3 really prints</h3>\n<pre class=\"real\">{}</pre>\n\
             <p class=\"verdict\"><strong>Verdict.</strong> {}</p>\n\
             <h3>Rust</h3>\n<pre class=\"rust\">{}</pre>",
            escape(ex.python_output),
            escape(ex.verdict),
            escape(&ex.rust())
        );
        let steps = steps(ex, backend);
        let _ = writeln!(
            out,
            "<h3>Timeline</h3>\n<p><button class=\"back\">&#9664; Back</button> \
             <button class=\"forward\">Forward &#9654;</button> \
             <span class=\"pos\">0 / {}</span></p>\n<pre class=\"timeline\">",
            steps.len()
        );
        for step in &steps {
            let line = step.line.map(|n| n.to_string()).unwrap_or_default();
            let _ = writeln!(
                out,
                "<span class=\"row hidden\" data-line=\"{line}\">{}</span>",
                escape(&step.text)
            );
        }
        out.push_str("</pre>\n</section>\n");
    }
    let _ = write!(out, "<script>\n{SCRIPT}</script>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_hold_every_step_and_nothing_external() {
        let ex = crate::tutorial::find("count_x").unwrap();
        let html = page(&[ex], Backend::Stackless, Format::Html, "count_x");
        let rows = html.matches("<span class=\"row hidden\"").count();
        assert_eq!(rows, steps(ex, Backend::Stackless).len());
        assert!(html.contains("data-line=\"3\">&lt;-- 5  (Rust: Yielded(5))"));
        for external in ["http://", "https://", "src=", "href=", "@import"] {
            assert!(!html.contains(external), "{external} in the page");
        }
        let md = page(&[ex], Backend::Stackful, Format::Markdown, "count_x");
        assert!(md.contains("```python\ndef count_x(n):\n"), "{md}");
        assert!(md.contains("(Rust: Yielded(5))"), "{md}");
        assert!(md.contains(" — `g` at line 3\n"), "{md}");
    }
}
