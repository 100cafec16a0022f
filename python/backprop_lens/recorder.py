"""A finished step → its record line and δ frame in the run folder: the step's vector (summary.py), the mean-δ blocks."""
import torch

from .summary import step_row, step_vector

# Per-unit mean δ in the record: every step's for 250 steps, then the mean over each 2 steps for 250 lines more, over 4, …
# (about the 500 columns the native δ map keeps; the sums of the steps in between stay on the device).
MAP_PER_LEVEL = 250


class Thinning:
    """Due every `spacing` steps; the spacing doubles after `per_level` takes (bounded output over any run length)."""

    def __init__(self, per_level):
        self.per_level, self.spacing, self.taken_at_level, self.last = per_level, 1, 0, None

    def due(self, step):
        return self.last is None or step - self.last >= self.spacing

    def take(self, step):
        self.last = step
        self.taken_at_level += 1
        if self.taken_at_level >= self.per_level:
            self.taken_at_level, self.spacing = 0, self.spacing * 2


class StepRecorder:
    """Records steps in order (one thread at a time): their vector, summed over the ranks, then rank 0's line and frame."""

    def __init__(self, layers, ranks, writer):
        self.layers, self._ranks, self._writer = layers, ranks, writer  # writer: None on the ranks that write nothing
        self._map = Thinning(MAP_PER_LEVEL)
        self._map_sums = [None] * len(layers)  # Σ_x δ_x per unit over the steps since the last mean δ written
        self._map_samples = [0.0] * len(layers)  # and their samples (over every rank)

    def record(self, step, pending, loss, code, reads_done=None):
        """Records `step` (pending: per layer its sums, or None) and returns rank 0's control code; reads_done() is
        called once W⁺ and W⁻ (held) have been read, before the line is formatted and written."""
        device, dtype = next((p["sum"].device, p["sum"].dtype) for p in pending if p is not None)
        map_due = self._map.due(step)
        if not map_due:
            self._add_map_sums(pending)
        sums = [self._map_sums[i] if p is not None else None for i, p in enumerate(pending)] if map_due else None
        values = step_vector(self.layers, pending, loss, code, self._ranks, device, sums).cpu().tolist()
        if reads_done is not None:
            reads_done()
        row, samples = step_row(self.layers, values, self._ranks.world, self._map_samples if map_due else None)
        if map_due:
            if step - (self._map.last or 0) > 1:
                row["deltaMeanSteps"] = step - (self._map.last or 0)  # deltaMean: the mean over these steps, ending here
            self._map.take(step)
            self._map_sums, self._map_samples = [None] * len(self.layers), [0.0] * len(self.layers)
        else:
            self._map_samples = [a + b for a, b in zip(self._map_samples, samples)]
        if self._writer is not None:
            self._writer.append_step({"type": "step", "step": step, **row}, 17 if dtype == torch.float64 else 9)
            self._write_frame(step, pending)
        return int(values[0])

    def _add_map_sums(self, pending):
        """Σ_x δ_x per unit of this step added to the block's, on the device (written as a mean at the next due step)."""
        for i, p in enumerate(pending):
            if p is not None:
                self._map_sums[i] = p["sum"].to(torch.float64, copy=True) if self._map_sums[i] is None else self._map_sums[i].add_(p["sum"])

    def _write_frame(self, step, pending):
        frames = [(i, p["frame"]) for i, p in enumerate(pending) if p is not None and p["frame"] is not None]
        if frames:
            self._writer.append_frame(step, [(i, f.shape[0], f.shape[1], f.cpu().reshape(-1).tolist()) for i, f in frames])
