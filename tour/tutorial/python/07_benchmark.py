import timeit
import sys
list_time = timeit.timeit("[x*2 for x in range(1_000_000)]", number=1)
gen_time = timeit.timeit("(x*2 for x in range(1_000_000))", number=1)
# memory usage
lst = [x for x in range(1_000_000)]
gen = (x for x in range(1_000_000))
print("List time:", list_time)
print("Generator time:", gen_time)
print("List memory:", sys.getsizeof(lst))
print("Generator memory:", sys.getsizeof(gen))
