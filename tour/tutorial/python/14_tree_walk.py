# The tour's chapter on the two engines: a recursive generator. In Python
# each level is a generator of its own, joined by yield from.
class Tree:
    def __init__(self, left, value, right):
        self.left, self.value, self.right = left, value, right

def inorder(t):
    if t:
        yield from inorder(t.left)
        yield t.value
        yield from inorder(t.right)

tree = Tree(Tree(None, 1, None), 2, Tree(None, 3, None))
for v in inorder(tree):
    print(v)
