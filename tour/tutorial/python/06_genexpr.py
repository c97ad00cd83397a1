nums = [x*2 for x in range(1_000_000)]
print(len(nums), nums[:4], nums[-1])
nums = (x * 2 for x in range(1_000_000))
print(next(nums), next(nums), next(nums))
try:
    nums[2]
except TypeError as e:
    print("TypeError:", e)
