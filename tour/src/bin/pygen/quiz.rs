//! `pygen quiz`: predict what the Python prints, then see the real output
//! and the tutorial's claim. Answers come from stdin, typed or piped.

use crate::show::numbered;
use pygen_tour::tutorial::Example;
use std::io::{BufRead, IsTerminal, Write};

/// Lines without trailing spaces, and no blank lines at the end.
fn normalise(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_owned()).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// Asks about each example in turn; returns (right, asked).
pub fn run(examples: &[&Example], width: usize) -> (usize, usize) {
    let interactive = std::io::stdin().is_terminal();
    let stdin = std::io::stdin();
    let mut input = stdin.lock().lines();
    let mut right = 0;
    let mut asked = 0;
    'examples: for ex in examples {
        println!("=== Quiz [{}] {} ===\n", ex.number, ex.title);
        print!("{}", numbered(ex.python, width));
        println!(
            "\nWhat does python3 print? Type the lines, then an empty line\n\
             (an empty answer just shows it)."
        );
        let mut answer = Vec::new();
        loop {
            if interactive {
                print!("| ");
                let _ = std::io::stdout().flush();
            }
            match input.next() {
                Some(Ok(line)) if !line.trim().is_empty() => {
                    if !interactive {
                        println!("| {line}");
                    }
                    answer.push(line);
                }
                Some(Ok(_)) => break,
                _ => {
                    if answer.is_empty() && asked > 0 && !interactive {
                        // Out of piped answers: stop asking.
                        println!("(end of input)");
                        break 'examples;
                    }
                    break;
                }
            }
        }
        asked += 1;
        let real = normalise(ex.python_output);
        println!("\npython3 really prints:");
        for line in &real {
            println!("    {line}");
        }
        match ex.claimed {
            Some(c) => {
                println!("The tutorial says:");
                for line in c.lines() {
                    println!("    {line}");
                }
            }
            None => println!("The tutorial shows no output for it."),
        }
        if answer.is_empty() {
            println!("(no answer given)\n");
        } else if normalise(&answer.join("\n")) == real {
            right += 1;
            println!("Right: that is exactly what python3 prints.\n");
        } else {
            println!("Not quite: compare your lines with the real output above.\n");
        }
    }
    println!("Score: {right} of {asked} right.");
    (right, asked)
}
