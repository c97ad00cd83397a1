# The tour's addition: close() returns None to the caller (only the body sees
# GeneratorExit), and the finally block also runs when the body completes.
def numbers():
    try:
        yield 10
        yield 20
        yield 30
    finally:
        print("Generator is closing, cleaning up!")
g = numbers()
next(g)
print("close() returned", repr(g.close()))
for x in numbers():
    print(x)
