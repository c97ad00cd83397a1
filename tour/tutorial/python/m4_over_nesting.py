def inner():
    yield 1
    yield 2
def middle():
    yield from inner()
    yield 3
def outer():
    yield from middle()
    yield 4
print(list(outer()))
from itertools import chain
print(list(chain(inner(), [3], [4])))
