"""The run folder, append-only: lens.json (written once), record.jsonl (a line per step), frames.bin (δ frames).

A killed script leaves every step up to its last complete line readable; readers skip an unfinished last line or
frame. Format "backprop-lens/pytorch-run@1":
  lens.json     {"format", "source": "pytorch", "lossReduction", "layers": [{"name", "units", "fanIn", "activation"}], ...}
  record.jsonl  {"type": "step", "step", "loss", "deltaNorm": [per layer], "deadShare", "saturatedShare", "gradNorm",
                 "weightNorm", "updateRatio", "deltaMean"?: [[per unit] per layer], "deltaMeanSteps"?: k};
                {"type": "end", "steps", "stopped"?: true} on close
                deltaMean, on the lines that have it: the mean δ per unit over the samples of the k steps ending at this
                line's (k = 1 when absent); the steps after the last such line (fewer than a block) are not in it
  frames.bin    b"BPLFRM1\\n", then per frame: uint32 LE header length, header JSON {"step", "layers": [{"layer",
                "rows", "units"}]} (layer: 0-based index into lens.json's layers), then per layer rows × units float32 LE (row-major: sample r, unit j at r·units + j)
"""
import json
import math
import os
import struct

FORMAT = "backprop-lens/pytorch-run@1"
FRAMES_MAGIC = b"BPLFRM1\n"


def _finite_or_none(value):
    """JSON has no NaN or ±∞: those are written as null."""
    if isinstance(value, list):
        return [_finite_or_none(v) for v in value]
    return value if value is None or math.isfinite(value) else None


def _number_list(values, digits):
    """A JSON array of floats with `digits` significant digits (null for NaN and ±∞); "null" for None."""
    if values is None:
        return "null"
    text = repr if digits >= 17 else f"%.{digits}g".__mod__
    if math.isfinite(sum(values)):  # every value finite (an overflowing sum only takes the slower path)
        return f"[{','.join(map(text, values))}]"
    return f"[{','.join(text(v) if math.isfinite(v) else 'null' for v in values)}]"


def _free_folder(folder):
    """`folder` when it holds no run yet, else the first free `folder-2`, `folder-3`, … (a run is never appended to another)."""
    candidate, n = folder, 1
    while os.path.exists(os.path.join(candidate, "lens.json")):
        n += 1
        candidate = f"{folder}-{n}"
    return candidate


class RunFolderWriter:
    """Creates the run folder and appends to it; every write is flushed to the OS (it survives the script being killed)."""

    def __init__(self, folder, description):
        self.folder = _free_folder(os.fspath(folder))
        os.makedirs(self.folder, exist_ok=True)
        self._write_once("lens.json", json.dumps({"format": FORMAT, "source": "pytorch", **description}, indent=1) + "\n")
        self._record = open(os.path.join(self.folder, "record.jsonl"), "a", encoding="utf-8")
        self._frames = open(os.path.join(self.folder, "frames.bin"), "ab")
        self._frames.write(FRAMES_MAGIC)
        self._frames.flush()
        self.frame_bytes = len(FRAMES_MAGIC)

    def _write_once(self, name, text):
        temp = os.path.join(self.folder, f".{name}.{os.getpid()}.tmp")
        with open(temp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(temp, os.path.join(self.folder, name))

    def append_step(self, row, digits=17):
        """One step's line (NaN and ±∞ become null); its per-unit mean δ with `digits` significant digits (9 keeps every
        digit a float32 sum holds; 17, Python's shortest round trip, every digit of a float64)."""
        means = row.pop("deltaMean", None)
        try:
            line = json.dumps(row, separators=(",", ":"), allow_nan=False)
        except ValueError:  # a NaN or ±∞ somewhere: clean the row (the rare, slower path)
            clean = {key: _finite_or_none(value) if isinstance(value, (float, list)) else value for key, value in row.items()}
            line = json.dumps(clean, separators=(",", ":"))
        if means is not None:
            line = f'{line[:-1]},"deltaMean":[{",".join(_number_list(m, digits) for m in means)}]}}'
        self._record.write(line + "\n")
        self._record.flush()

    def append_frame(self, step, layers):
        """A δ frame: `layers` is a list of (layer index, rows, units, values as a flat list of floats, row-major)."""
        header = json.dumps({"step": step, "layers": [{"layer": i, "rows": r, "units": u} for i, r, u, _ in layers]}).encode("utf-8")
        parts = [struct.pack("<I", len(header)), header] + [struct.pack(f"<{len(v)}f", *v) for _, _, _, v in layers]
        data = b"".join(parts)
        self._frames.write(data)
        self._frames.flush()
        self.frame_bytes += len(data)

    def close(self, steps, stopped=False):
        """The end line ("stopped": true when Stop from the editor ended the run) and the files closed."""
        self._record.write(json.dumps({"type": "end", "steps": steps, **({"stopped": True} if stopped else {})}) + "\n")
        self._record.close()
        self._frames.close()
