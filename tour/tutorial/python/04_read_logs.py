# The tutorial defines read_logs() but never calls it; the last lines call it
# on a real three-line file so that it runs.
import os, tempfile
def read_logs(path):
    with open(path) as f:
        for line in f:
            yield line.rstrip("\n")

path = os.path.join(tempfile.mkdtemp(), "app.log")
with open(path, "w") as f:
    f.write("INFO start\nWARN disk 91%\nERROR timeout\n")
for line in read_logs(path):
    print(line)
