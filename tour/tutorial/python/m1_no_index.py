def count_x(n):
    while n > 0:
        yield n
        n -= 1
gen = count_x(5)
try:
    print(gen[0])
except TypeError as e:
    print("TypeError:", e)
print(list(gen)[0])
