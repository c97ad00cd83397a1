"""CPython's answers to the `pygen step` command sequences in step_sequences.txt.

    python3 tour/tests/python/step_sequences.py > tour/tests/python/step_sequences.out

Each sequence runs on a fresh generator made from the tutorial's own Python
(tour/tutorial/python/*.py: its imports, classes and functions). Each command
is echoed as `>>> command`, followed by what the body printed (`> line`) and
the answer as `pygen step` prints it: `next(g) → 5`, `g.close() → None`,
`next(g) raises StopIteration`, `g.throw(KeyError) raises KeyError`,
`g.gi_yieldfrom → <generator object inner at 0x…>` (the address left out). The run
ends with `quit` (or the end of the sequence): the generator is deleted, and
CPython finalizes it at once.
"""

import ast
import builtins
import contextlib
import io
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
TUTORIAL = HERE.parent.parent / "tutorial" / "python"

# pygen's example name -> (its tutorial file, the variable, how it is made)
EXAMPLES = {
    "count_x": ("01_count_x.py", "g", "count_x(5)"),
    "send": ("08_send.py", "g", "demo()"),
    "close": ("10_close.py", "g", "numbers()"),
    "throw": ("11_throw.py", "g", "demo()"),
    "chain": ("12_chain.py", "g", "chain([1, 2], [3, 4])"),
    "count_break": ("13_count_break.py", "g", "count(10)"),
    "genexpr": ("06_genexpr.py", "nums", "(x * 2 for x in range(1_000_000))"),
    "fetch_users": ("05_fetch_users.py", "users", "fetch_users()"),
    "return_value": ("m2_return_value.py", "g", "numbers()"),
    "no_output": ("m3_no_output.py", "g", "count_x(3)"),
    "over_nesting": ("m4_over_nesting.py", "g", "outer()"),
    "close_ignored": ("m5_close_ignored.py", "g", "rows()"),
    "yield_from": ("09_yield_from.py", "g", "show_x()"),
    "forwarding": ("09b_yield_from_forwards.py", "g", "outer()"),
}

DEFINITIONS = (ast.Import, ast.ImportFrom, ast.ClassDef, ast.FunctionDef)


def definitions(file):
    """The tutorial file's imports, classes and functions (not its script)."""
    tree = ast.parse((TUTORIAL / file).read_text())
    tree.body = [node for node in tree.body if isinstance(node, DEFINITIONS)]
    namespace = {}
    exec(compile(tree, file, "exec"), namespace)
    return namespace


def value(text, bare_is_text):
    """A sent value: a Python literal; a bare word is a string in the short form."""
    if text == "":
        return None
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        if bare_is_text:
            return text
        raise


def parse(command, name):
    """(operation, argument) for both spellings: `send Care` or `g.send("Care")`."""
    call = re.fullmatch(r"(\w+)\.(send|throw|close)\((.*)\)", command)
    if call and call[1] == name:
        op, arg = call[2], call[3].strip()
        if op == "send":
            return "send", value(arg, False)
        return op, arg or None
    if command == f"next({name})":
        return "next", None
    if command in (f"{name}.gi_yieldfrom", "gi_yieldfrom"):
        return "gi_yieldfrom", None
    word, _, rest = command.partition(" ")
    rest = rest.strip()
    if word == "send":
        return "send", value(rest, True)
    if word == "throw":
        return "throw", rest or "ValueError"
    if word in ("next", "close", "quit"):
        return word, None
    raise SystemExit(f"cannot read the command {command!r}")


def answer(op, arg, name, namespace):
    """Runs one call; returns what the body printed and the answer line."""
    g = namespace[name]
    shown, call = {
        "next": (f"next({name})", lambda: next(g)),
        "send": (f"{name}.send({arg!r})", lambda: g.send(arg)),
        "throw": (f"{name}.throw({arg})", lambda: g.throw(getattr(builtins, arg))),
        "close": (f"{name}.close()", lambda: g.close()),
        "gi_yieldfrom": (f"{name}.gi_yieldfrom", lambda: g.gi_yieldfrom),
    }[op]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        try:
            result = f"{shown} → {call()!r}"
        except StopIteration as e:
            stop = "StopIteration"
            if e.value is not None:
                stop += f"(value={e.value!r})"
            result = f"{shown} raises {stop}"
        except BaseException as e:  # GeneratorExit too
            result = f"{shown} raises {type(e).__name__}"
            if str(e):
                result += f": {e}"
    # An object's address differs from run to run: `pygen step` prints 0x….
    return printed.getvalue(), re.sub(r" at 0x[0-9a-f]+>", " at 0x…>", result)


def run(example, commands):
    file, name, make = EXAMPLES[example]
    namespace = definitions(file)
    namespace[name] = eval(make, namespace)
    print(f"== {example}: {'; '.join(commands)}")
    for command in commands + [None]:
        if command is None:
            print(">>> (end of input: quit)")
            op = "quit"
        else:
            print(f">>> {command}")
            op, arg = parse(command, name)
        if op == "quit":
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                del namespace[name]  # the last reference: CPython finalizes it now
            lines = printed.getvalue()
            result = None
        else:
            lines, result = answer(op, arg, name, namespace)
        for line in lines.splitlines():
            print(f"> {line}")
        if result is not None:
            print(result)
        if op == "quit":
            return


def main():
    print(f"# CPython {sys.version.split()[0]}: python3 tour/tests/python/step_sequences.py")
    for line in (HERE / "step_sequences.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            example, _, commands = line.partition(":")
            run(example.strip(), [c.strip() for c in commands.split(";")])


if __name__ == "__main__":
    main()
