# Not in the tutorial: what the 1M-item list really costs, counting the int
# objects it points to (sys.getsizeof counts only the list's pointer array),
# and what consuming each one costs (creating a generator does no work).
import sys, timeit, tracemalloc
tracemalloc.start()
lst = [x for x in range(1_000_000)]
size, _ = tracemalloc.get_traced_memory()
tracemalloc.stop()
print("list: sys.getsizeof =", sys.getsizeof(lst), "bytes; with its int objects (tracemalloc) ~", round(size / 1e6), "MB")
gen = (x for x in range(1_000_000))
print("generator: sys.getsizeof =", sys.getsizeof(gen), "bytes")
t_list = min(timeit.repeat("sum([x*2 for x in range(1_000_000)])", number=1, repeat=5))
t_gen = min(timeit.repeat("sum(x*2 for x in range(1_000_000))", number=1, repeat=5))
print("sum over a list: %.3f s; sum over a generator: %.3f s" % (t_list, t_gen))
