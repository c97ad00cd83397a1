# The tour's addition: when is x * 2 computed? A list comprehension computes
# every value first; a generator expression computes each one when asked.
def double(x):
    print("computing", x, "* 2")
    return x * 2
nums = [double(x) for x in range(3)]
for n in nums:
    print("got", n)
nums = (double(x) for x in range(3))
for n in nums:
    print("got", n)
try:
    len(double(x) for x in range(3))
except TypeError as e:
    print("TypeError:", e)
