# The tour's addition: `break` leaves a loop but does not close a generator
# that is still referenced; the file stays open until its last reference goes.
import os, tempfile
def read_logs(path):
    print("open(app.log)")
    with open(path) as f:
        try:
            for line in f:
                yield line.rstrip("\n")
        finally:
            print("file closed")

path = os.path.join(tempfile.mkdtemp(), "app.log")
with open(path, "w") as f:
    f.write("INFO start\nWARN disk 91%\nERROR timeout\n")
logs = read_logs(path)
for line in logs:
    print(line)
    break
print("after break: logs still refers to the paused generator")
del logs
print("end")
