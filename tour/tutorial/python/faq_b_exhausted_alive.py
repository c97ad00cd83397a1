# The tour's addition: an exhausted generator is still an object, alive as
# long as something refers to it; it just yields nothing more.
import inspect
def count_x(n):
    while n > 0:
        yield n
        n -= 1
gen = count_x(3)
print(list(gen))
print(inspect.getgeneratorstate(gen), list(gen))
