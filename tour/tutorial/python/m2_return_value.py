def numbers():
    yield 1
    yield 2
    return "done"
print(list(numbers()))
g = numbers()
next(g)
next(g)
try:
    next(g)
except StopIteration as e:
    print("StopIteration.value =", repr(e.value))
