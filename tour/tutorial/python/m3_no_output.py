def count_x(n):
    print("count_x starts")
    while n > 0:
        yield n
        n -= 1
count_x(3)
print(type(count_x(3)).__name__)
for x in count_x(3):
    print(x)
