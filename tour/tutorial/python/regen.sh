#!/usr/bin/env bash
# Regenerates every NN_name.out from a real python3 run: stdout, then stderr
# (as a terminal shows them), with this folder's path removed from tracebacks.
# tests/python_originals.rs checks that the .out files are still what python3 prints.
set -uo pipefail
cd "$(dirname "$0")"
dir=$(pwd)
for py in *.py; do
    out=${py%.py}.out
    { python3 "$py" 2>/tmp/pygen-py-stderr; cat /tmp/pygen-py-stderr; } | sed "s|$dir/||g" > "$out"
done
