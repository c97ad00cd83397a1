def demo():
    x = yield "Hello"
    print("Take", x)
g = demo()
next(g)
g.send("Care")
