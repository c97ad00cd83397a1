# The tour's addition: itertools.count is a C iterator, not a generator, and
# after `break` it keeps its position while it is referenced.
from itertools import count
c = count(10)
for n in c:
    print(n)
    if n == 12:
        break
print(next(c))
print(type(c).__name__, "is a generator:", hasattr(c, "send"))
