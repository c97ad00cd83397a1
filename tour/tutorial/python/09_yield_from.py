def show_x():
    yield from ["Pen", "Pencil"]
    yield "Eraser"
print(list(show_x()))
