def count_x(n):
    while n > 0:
        yield n
        n -= 1
gen = count_x(5)
while True:
    x = next(gen)
    print(x)
