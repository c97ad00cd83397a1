def demo():
    try:
        yield 10
    except ValueError:
        print("ValueError is caught!")
    yield 20
g = demo()
print(next(g))
g.throw(ValueError)
print(next(g))
