from itertools import chain
for x in chain([1, 2], [3, 4]):
    print(x)
