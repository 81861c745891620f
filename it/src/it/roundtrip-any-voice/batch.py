"""A batch synthesizer as a user would write one: reads the JSONL verify-roundtrip gives it ({sentences}) and writes
each line's wav with espeak-ng, called with an argument list (no shell)."""
import json
import subprocess
import sys

with open(sys.argv[1], encoding="utf-8") as lines:
    for line in lines:
        s = json.loads(line)
        subprocess.run(["espeak-ng", "-v", "am", "-w", s["wav"], s["text"]], check=True)
print("batch: done", file=sys.stderr)
