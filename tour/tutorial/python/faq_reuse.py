def count_x(n):
    while n > 0:
        yield n
        n -= 1
gen = count_x(3)
print(list(gen))
print(list(gen))
print(list(count_x(3)))
