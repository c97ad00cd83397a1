//! What the learner types: commands in Python's spelling or short, and the
//! Python literals they send.

use super::UsageError;
use crate::tutorial::Exception;
use std::fmt::Write as _;

/// One step-through command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `next(g)` / `next`.
    Next,
    /// `g.send(v)` / `send v` (`send` alone is `send None`).
    Send(Literal),
    /// `g.throw(Exc)` / `throw Exc` (`throw` alone throws `ValueError`).
    Throw(Exception),
    /// `g.close()` / `close`.
    Close,
    /// `quit` (or end of input): drop the generator and stop.
    Quit,
    /// `help`: the legend.
    Help,
    /// `g.gi_yieldfrom` / `gi_yieldfrom`: what the generator delegates to
    /// now (reads it; calls nothing).
    YieldFrom,
}

/// A value to send: a Python literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    /// `None`.
    None,
    /// An integer, e.g. `7`.
    Int(i64),
    /// A string, e.g. `"Care"` (quoted, or a bare word after `send`).
    Str(String),
}

impl Literal {
    /// Parses `None`, an integer or a quoted string; with `bare_words` (the
    /// short `send Care`) any other text is a string too.
    pub fn parse(text: &str, bare_words: bool) -> Result<Literal, UsageError> {
        let text = text.trim();
        if text == "None" {
            return Ok(Literal::None);
        }
        if let Ok(i) = text.parse::<i64>() {
            return Ok(Literal::Int(i));
        }
        for quote in ['"', '\''] {
            if let Some(inner) = text.strip_prefix(quote).and_then(|t| t.strip_suffix(quote)) {
                return Ok(Literal::Str(unescape(inner)));
            }
        }
        if bare_words && !text.is_empty() {
            return Ok(Literal::Str(text.to_owned()));
        }
        Err(UsageError(format!(
            "`{text}` is not a value `pygen step` can send: None, an integer or a quoted string"
        )))
    }

    /// Python's `repr`: `None`, `7`, `'Care'`.
    pub fn repr(&self) -> String {
        match self {
            Literal::None => "None".to_owned(),
            Literal::Int(i) => i.to_string(),
            Literal::Str(s) => repr_str(s),
        }
    }
}

/// `\n`, `\t`, `\\` and escaped quotes inside a quoted string.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            (c, false) => out.push(c),
        }
    }
    out
}

/// Python's `repr` of a `str`: single quotes unless the text holds a `'` and
/// no `"`.
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

impl Command {
    /// Parses one line for the generator called `name`, in Python's spelling
    /// (`next(g)`, `g.send("Care")`, `g.throw(KeyError)`, `g.close()`) or the
    /// short one (`next`, `send Care`, `throw KeyError`, `close`, `quit`, `help`).
    /// `g.gi_yieldfrom` (or `gi_yieldfrom`) reads the attribute.
    pub fn parse(line: &str, name: &str) -> Result<Command, UsageError> {
        let line = line.trim();
        if let Some((object, "gi_yieldfrom")) = line.split_once('.') {
            is_the_generator(object.trim(), name)?;
            return Ok(Command::YieldFrom);
        }
        if let Some((callee, args)) = line.strip_suffix(')').and_then(|l| l.split_once('(')) {
            return python_call(callee.trim(), args.trim(), name);
        }
        let (word, rest) = match line.split_once(char::is_whitespace) {
            Some((word, rest)) => (word, rest.trim()),
            None => (line, ""),
        };
        let alone = |command| {
            without(rest, command, || {
                format!("`{word}` takes no argument (got `{rest}`)")
            })
        };
        match word {
            "next" | "n" => alone(Command::Next),
            "close" | "c" => alone(Command::Close),
            "quit" | "q" | "exit" => alone(Command::Quit),
            "help" | "h" | "?" => alone(Command::Help),
            "gi_yieldfrom" => alone(Command::YieldFrom),
            "send" | "s" if rest.is_empty() => Ok(Command::Send(Literal::None)),
            "send" | "s" => Ok(Command::Send(Literal::parse(rest, true)?)),
            "throw" | "t" if rest.is_empty() => Ok(Command::Throw(Exception::ValueError)),
            "throw" | "t" => exception(rest).map(Command::Throw),
            _ => Err(unknown(line, name)),
        }
    }
}

/// `command` if `args` is empty, else the error `message` says.
fn without(
    args: &str,
    command: Command,
    message: impl FnOnce() -> String,
) -> Result<Command, UsageError> {
    if args.is_empty() {
        Ok(command)
    } else {
        Err(UsageError(message()))
    }
}

fn unknown(line: &str, name: &str) -> UsageError {
    UsageError(format!(
        "unknown command `{line}`: try next({name}), {name}.send(\"Care\"), \
         {name}.throw(KeyError), {name}.close(), quit or help"
    ))
}

/// `callee(args)`: `next(g)`, `g.send(v)`, `g.throw(Exc)`, `g.close()`, `quit()`, `help()`.
fn python_call(callee: &str, args: &str, name: &str) -> Result<Command, UsageError> {
    let no_args = |command| {
        without(args, command, || {
            format!("{callee}() takes no arguments ({args} given)")
        })
    };
    let Some((object, method)) = callee.split_once('.') else {
        return match callee {
            "next" if args.is_empty() => Err(UsageError(format!(
                "next() takes the generator: next({name})"
            ))),
            "next" => is_the_generator(args, name).map(|()| Command::Next),
            "quit" | "exit" => no_args(Command::Quit),
            "help" => no_args(Command::Help),
            _ => Err(unknown(&format!("{callee}({args})"), name)),
        };
    };
    is_the_generator(object, name)?;
    match method {
        "send" if args.is_empty() => Err(UsageError(format!(
            "{name}.send() takes exactly one argument (0 given): {name}.send(None) is next({name})"
        ))),
        "send" => Ok(Command::Send(Literal::parse(args, false)?)),
        "throw" if args.is_empty() => Err(UsageError(format!(
            "{name}.throw() takes an exception class, e.g. {name}.throw(ValueError)"
        ))),
        "throw" => exception(args).map(Command::Throw),
        "close" => no_args(Command::Close),
        // Python: TypeError, for calling what the attribute holds.
        "gi_yieldfrom" => Err(UsageError(format!(
            "{name}.gi_yieldfrom is an attribute, not a method: type {name}.gi_yieldfrom"
        ))),
        other => Err(UsageError(format!(
            "'generator' object has no attribute '{other}'"
        ))),
    }
}

/// Python's NameError for any other variable.
fn is_the_generator(object: &str, name: &str) -> Result<(), UsageError> {
    if object == name {
        Ok(())
    } else {
        Err(UsageError(format!(
            "name '{object}' is not defined (the generator is `{name}`)"
        )))
    }
}

/// `ValueError` or `ValueError()`; an exception with a message is refused.
fn exception(text: &str) -> Result<Exception, UsageError> {
    let class = text.strip_suffix("()").unwrap_or(text);
    if class.contains('(') {
        return Err(UsageError(format!(
            "`{text}`: throw an exception class here, e.g. ValueError or ValueError() \
             (pygen step's exceptions carry no message)"
        )));
    }
    Exception::parse(class)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_shown_as_python_reprs_them() {
        // Each expected value is what python3 printed for repr() of the same text.
        let cases = [
            ("it's", r#""it's""#),
            ("a\"b", r#"'a"b'"#),
            ("a'b\"c", r#"'a\'b"c'"#),
            ("tab\t\n", r"'tab\t\n'"),
            ("back\\slash", r"'back\\slash'"),
            ("\u{1}", r"'\x01'"),
        ];
        for (text, repr) in cases {
            assert_eq!(repr_str(text), repr, "{text:?}");
        }
    }

    #[test]
    fn literals_in_both_spellings() {
        let str = |s: &str| Literal::Str(s.to_owned());
        assert_eq!(Literal::parse("None", false), Ok(Literal::None));
        assert_eq!(Literal::parse(" -7 ", false), Ok(Literal::Int(-7)));
        assert_eq!(Literal::parse(r#""Care""#, false), Ok(str("Care")));
        assert_eq!(Literal::parse(r"'it\'s'", false), Ok(str("it's")));
        assert_eq!(Literal::parse("Care", true), Ok(str("Care")));
        assert!(
            Literal::parse("Care", false).is_err(),
            "g.send(Care) is a name"
        );
        assert_eq!(
            Command::parse(r#"g.send("Care")"#, "g"),
            Ok(Command::Send(str("Care")))
        );
        assert_eq!(
            Command::parse("send", "g"),
            Ok(Command::Send(Literal::None))
        );
        assert_eq!(
            Command::parse("g.throw(KeyError())", "g"),
            Ok(Command::Throw(Exception::Other("KeyError".to_owned())))
        );
        assert_eq!(
            Command::parse("throw", "g"),
            Ok(Command::Throw(Exception::ValueError))
        );
        assert_eq!(Command::parse("next(nums)", "nums"), Ok(Command::Next));
        assert_eq!(Command::parse("quit()", "g"), Ok(Command::Quit));
        assert_eq!(
            Command::parse("g.gi_yieldfrom", "g"),
            Ok(Command::YieldFrom)
        );
        assert_eq!(
            Command::parse(" gi_yieldfrom ", "g"),
            Ok(Command::YieldFrom)
        );
        assert_eq!(
            Command::parse("h.gi_yieldfrom", "g"),
            Err(UsageError(
                "name 'h' is not defined (the generator is `g`)".to_owned()
            ))
        );
        assert_eq!(
            Command::parse("g.gi_yieldfrom()", "g"),
            Err(UsageError(
                "g.gi_yieldfrom is an attribute, not a method: type g.gi_yieldfrom".to_owned()
            ))
        );
    }
}
