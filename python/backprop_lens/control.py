"""Pause, resume and stop from the editor, acted on at step boundaries (rank 0 reads and answers; the run folder holds both):

  control.json      {"seq": n, "command": "pause" | "resume" | "stop"}   written by the extension (tmp + rename), seq from 1 up
  control-ack.json  {"seq": n, "state": "running" | "paused" | "stopped", "step": last recorded step, "time": unix seconds}
                    written by the lens (tmp + rename) once it has acted on command n
A step boundary checks control.json with one os.stat (inode, mtime, size); the file is read only when those change.
"""
import json
import os
import time

# States as the codes sent to the other ranks (rank 0 decides, every rank follows).
RUNNING, PAUSED, STOPPED = 0, 1, 2
STATE_NAMES = {RUNNING: "running", PAUSED: "paused", STOPPED: "stopped"}
_COMMANDS = {"resume": RUNNING, "pause": PAUSED, "stop": STOPPED}
# How often a paused run looks at control.json again.
POLL_SECONDS = 0.05


class StopTraining(Exception):
    """Raised at the step boundary where Stop reached a run watched with on_stop="raise" (the run folder is closed)."""


class ControlFile:
    """Rank 0's side of the protocol: the newest unseen command in control.json, and the acknowledgement written back."""

    def __init__(self, folder):
        self.path = os.path.join(folder, "control.json")
        self.ack_path = os.path.join(folder, "control-ack.json")
        self.seq = 0  # the last command acted on
        self._seen = None  # (inode, mtime_ns, size) of control.json when last read

    def poll(self, state):
        """The state the newest command asks for (`state` when there is none), and its seq (None when there is none)."""
        try:
            stat = os.stat(self.path)
        except OSError:
            return state, None
        seen = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if seen == self._seen:
            return state, None
        self._seen = seen
        try:
            with open(self.path, encoding="utf-8") as f:
                control = json.load(f)
            seq, command = control["seq"], _COMMANDS[control["command"]]
        except (OSError, ValueError, KeyError, TypeError):
            self._seen = None  # unreadable (or half-written by a writer that does not rename): read it again next time
            return state, None
        if not isinstance(seq, int) or seq <= self.seq:
            return state, None
        self.seq = seq
        return command, seq

    def ack(self, state, step):
        """Writes control-ack.json for the last command acted on (tmp + rename: a reader never sees half a file)."""
        text = json.dumps({"seq": self.seq, "state": STATE_NAMES[state], "step": step, "time": time.time()})
        temp = f"{self.ack_path}.{os.getpid()}.tmp"
        with open(temp, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        os.replace(temp, self.ack_path)
