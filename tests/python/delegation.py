"""Ground truth for tests/it/delegation.rs: the same three-level scenarios in CPython.

Run: python3 tests/python/delegation.py > tests/python/delegation.out
(tests/it/delegation.rs replays the same scenarios on every backend combination
and compares with that file; a test also checks the file against a live python3 run.)
"""
log = []

def leaf(name, ignore_exit=False):
    log.append(f"{name} start")
    try:
        i = 0
        while True:
            try:
                got = yield f"{name} {i}"
            except ValueError as e:
                if e.args[0] == name:
                    log.append(f"{name} caught {e.args[0]}")
                    i += 1
                    continue
                log.append(f"{name} raises {e.args[0]}")
                raise
            except GeneratorExit:
                log.append(f"{name} raises GeneratorExit")
                if ignore_exit:
                    yield f"{name} ignores exit"
                raise
            if got is None:
                log.append(f"{name} got next")
            elif got == "return":
                return f"{name} result"
            else:
                log.append(f"{name} got {got}")
            i += 1
    finally:
        log.append(f"{name} cleanup")

def delegator(name, sub):
    log.append(f"{name} start")
    try:
        try:
            r = yield from sub
            log.append(f"{name} got return {r!r}")
        except ValueError as e:
            if e.args[0] != name:
                log.append(f"{name} propagates {e.args[0]}")
                raise
            log.append(f"{name} caught {e.args[0]}")
        except BaseException as e:
            log.append(f"{name} propagates {type(e).__name__}")
            raise
        yield f"{name} after"
        return f"{name} done"
    finally:
        log.append(f"{name} cleanup")

def chain(ignore_exit=False):
    return delegator("outer", delegator("middle", leaf("inner", ignore_exit)))

def call(g, op, *args):
    try:
        r = getattr(g, op)(*args)
        return f"{op} -> {r!r}"
    except StopIteration as e:
        return f"{op} -> StopIteration({e.value!r})"
    except BaseException as e:
        return f"{op} -> {type(e).__name__}: {e}"

def scenario(title, steps, ignore_exit=False):
    log.clear()
    g = chain(ignore_exit)
    print(f"## {title}")
    for op, *args in steps:
        log.clear()
        res = call(g, op, *args)
        print(f"{res}   log={log}")
    print()

scenario("next and send", [("__next__",), ("__next__",), ("send", "x")])
scenario("return travels up", [("__next__",), ("send", "return"), ("__next__",), ("__next__",)])
scenario("throw handled inner", [("__next__",), ("throw", ValueError("inner"))])
scenario("throw handled middle", [("__next__",), ("throw", ValueError("middle")), ("__next__",)])
scenario("throw handled outer", [("__next__",), ("throw", ValueError("outer")), ("__next__",)])
scenario("throw unhandled", [("__next__",), ("throw", ValueError("nobody")), ("__next__",)])
scenario("close", [("__next__",), ("close",), ("__next__",)])
scenario("close ignored by inner", [("__next__",), ("close",)], ignore_exit=True)
scenario("throw GeneratorExit", [("__next__",), ("throw", GeneratorExit())])
scenario("throw GeneratorExit ignored by inner", [("__next__",), ("throw", GeneratorExit())], ignore_exit=True)
