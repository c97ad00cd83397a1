def numbers():
    try:
        yield 10
        yield 20
        yield 30
    finally:
        print("Generator is closing, cleaning up!")
g = numbers()
print(next(g))
print(next(g))
g.close()
