def count_x(n):
    while n > 0:
        yield n
        n -= 1
# create generator
gen = count_x(5)
print(next(gen))
print(next(gen))
