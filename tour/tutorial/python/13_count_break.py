from itertools import count
for n in count(10):
    print(n)
    if n == 14:
        break
