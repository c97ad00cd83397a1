def rows():
    print("open connection")
    try:
        yield "row 1"
        yield "row 2"
        yield "row 3"
    finally:
        print("close connection")
g = rows()
print(next(g))
print("caller is done, forgets close()")
del g  # CPython closes it here (reference count 0); other Pythons: "eventually"
print("end")
