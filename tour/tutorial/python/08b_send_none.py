# The tour's addition: send(None) starts a generator just as next() does;
# only a non-None value is refused before the first yield.
def demo():
    x = yield "Hello"
    print("Take", x)
g = demo()
print(g.send(None))
g2 = demo()
try:
    g2.send("Care")
except TypeError as e:
    print("TypeError:", e)
