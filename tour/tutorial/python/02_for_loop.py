def count_x(n):
    while n > 0:
        yield n
        n -= 1
for x in count_x(5):
    print(x)
