# The tour's addition: yield from forwards send() and throw() to the
# sub-generator, evaluates to its return value, and forwards close().
def inner():
    try:
        x = yield 1
        print("inner got", x)
        try:
            yield 2
        except ValueError:
            print("inner caught ValueError")
        return "done"
    finally:
        print("inner closing")

def outer():
    r = yield from inner()
    print("yield from evaluated to", repr(r))
    try:
        yield from inner()
    finally:
        print("outer closing")

g = outer()
print(next(g))
print(g.send("hi"))
print(g.throw(ValueError))
g.close()
