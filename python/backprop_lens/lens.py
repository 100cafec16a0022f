"""watch(model, folder): hooks every nn.Linear; each backward pass through the model is one recorded step.

Per layer l and step (m = the rows of z^l, the batch): δ^l_x = ∂E_x/∂z^l per sample (autograd's ∂E/∂z^l times m for a
mean-reduced loss), ‖δ^l‖_F/√m, the mean δ per unit (1/m) Σ_x δ^l_x, dead share (relu: units with σ′ = 0 on every
sample), saturated share (σ′ entries below 0.01), ‖∂E/∂W^l‖_F batch-averaged, ‖W^l‖_F after the step and the update
ratio ‖W⁺ − W⁻‖/‖W⁺‖ — as the native record (src/engine/record/) defines them. Everything is reduced on the training
device; a step is finished (one transfer to the CPU) at lens.step(), the model's next forward or close().
"""
import math

import torch

from .layers import find_layers, sigma_prime
from .run_folder import RunFolderWriter

# Per-unit mean δ in the record: every step for 1,000 steps, then every 2nd step for 1,000 more, every 4th, ….
MAP_PER_LEVEL = 1000
# δ frames: 16 at every spacing (1, 2, 4, … steps apart), each at most FRAME_FLOATS floats, the file at most FRAMES_BYTES.
FRAMES_PER_LEVEL = 16
FRAME_FLOATS = 48 * 1024
FRAMES_BYTES = 24 * 2**20


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


def _other_rank():
    """True in a torch.distributed process group on every rank but 0 (only rank 0 records)."""
    dist = torch.distributed
    return dist.is_available() and dist.is_initialized() and dist.get_rank() != 0


def watch(model, folder, loss_reduction="mean"):
    """Starts recording `model` (an nn.Module, or a DistributedDataParallel around one) into the run folder `folder`."""
    return Lens(model, folder, loss_reduction)


class Lens:
    """The hooks and the run folder of one watched model; close() (or leaving a `with` block) finishes the run."""

    def __init__(self, model, folder, loss_reduction="mean"):
        if loss_reduction not in ("mean", "sum"):
            raise ValueError(f'loss_reduction must be "mean" or "sum", not {loss_reduction!r}')
        self.loss_reduction = loss_reduction
        self.steps = 0
        self.folder = None
        self._handles = []
        self.active = not _other_rank()
        if not self.active:
            return
        net = model.module if isinstance(model, torch.nn.parallel.DistributedDataParallel) else model
        self.layers = find_layers(net)
        if not self.layers:
            raise ValueError("backprop_lens.watch: the model has no nn.Linear layer to watch")
        description = {"lossReduction": loss_reduction, "torch": torch.__version__, "layers": [l.describe() for l in self.layers]}
        self._writer = RunFolderWriter(folder, description)
        self.folder = self._writer.folder
        self._pending = [None] * len(self.layers)
        self._held = [None] * len(self.layers)  # W⁻ per layer, copied into the same buffer every step
        self._pending_loss = None
        self._map = Thinning(MAP_PER_LEVEL)
        self._frames = Thinning(FRAMES_PER_LEVEL)
        self._frame_rows = max(1, FRAME_FLOATS // sum(l.units for l in self.layers))
        self._handles.append(net.register_forward_pre_hook(lambda _module, _inputs: self._finish_step()))
        for i, layer in enumerate(self.layers):
            self._handles.append(layer.linear.register_forward_hook(self._forward_hook(i)))
            self._handles.append(layer.linear.weight.register_hook(self._weight_grad_hook(i)))

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.close()

    def step(self, loss=None):
        """Finishes the step just back-propagated (after optimizer.step(): ‖W⁺‖ and the update ratio), with its loss."""
        if not self.active:
            return
        if loss is not None:
            self._pending_loss = loss
        self._finish_step()

    def close(self):
        """Finishes the last step, removes the hooks and closes the run folder's files (idempotent)."""
        if not self._handles:
            return
        if self.active:
            self._finish_step()
            self._writer.close(self.steps)
        for handle in self._handles:
            handle.remove()
        self._handles = []

    def _forward_hook(self, i):
        layer = self.layers[i]

        def hook(_module, _inputs, z):
            if not (torch.is_grad_enabled() and z.requires_grad):
                return
            with torch.no_grad():
                shares = self._sigma_prime_counts(layer, z.detach().reshape(-1, layer.units))
            z.register_hook(lambda g: self._on_delta(i, g, shares))
        return hook

    @staticmethod
    def _sigma_prime_counts(layer, z):
        """[dead units, saturated entries] of σ′(z^l) (dead: relu only, as the native record), None when σ is unknown."""
        if layer.activation == "relu":  # σ′ = [z > 0]: dead where no sample is positive, saturated where σ′ = 0
            positive = z > 0
            return torch.stack([(~positive.any(dim=0)).sum(), (~positive).sum()]).to(torch.float64)
        if layer.activation == "linear":  # σ′ = 1: nothing dead or saturated
            return torch.zeros(2, dtype=torch.float64, device=z.device)
        sp = sigma_prime(layer, z)
        if sp is None:
            return None
        zero = torch.zeros((), dtype=torch.float64, device=z.device)  # dead units are counted for relu only
        return torch.stack([zero, (sp.abs() < 0.01).sum().to(torch.float64)])

    def _on_delta(self, i, grad, shares):
        """The tensor hook on z^l: autograd's ∂E/∂z^l → per-sample δ^l reduced on the device (a copy of W^l held)."""
        if self._pending[i] is not None:
            self._finish_step()  # a second backward pass before the next forward: a step of its own
        layer = self.layers[i]
        with torch.no_grad():
            g = grad.detach().reshape(-1, layer.units)
            m = g.shape[0]
            scale = m if self.loss_reduction == "mean" else 1  # δ_x = scale · ∂E/∂z_x
            weight = layer.linear.weight.detach()
            if self._held[i] is None or self._held[i].shape != weight.shape:
                self._held[i] = torch.empty_like(weight)
            self._held[i].copy_(weight)
            pending = {"m": m, "norm": torch.linalg.vector_norm(g) * scale, "mean": g.sum(dim=0) * (scale / m), "shares": shares,
                       "held": self._held[i], "grad_norm": None, "frame": None}
            if self._frames.due(self.steps + 1) and self._writer.frame_bytes < FRAMES_BYTES:
                pending["frame"] = (g[: self._frame_rows] * scale).to(torch.float32)
        self._pending[i] = pending

    def _weight_grad_hook(self, i):
        def hook(grad):
            pending = self._pending[i]
            if pending is not None:
                with torch.no_grad():
                    pending["grad_norm"] = torch.linalg.vector_norm(grad.detach())
        return hook

    def _finish_step(self):
        """Writes the pending step: its per-layer sums, W norms and loss move to the CPU in one transfer."""
        if all(p is None for p in self._pending):
            return
        step = self.steps = self.steps + 1
        device = next(p["norm"].device for p in self._pending if p is not None)
        values = self._device_values(device).cpu().tolist()
        row, at = {"type": "step", "step": step, "loss": None}, 0
        if self._pending_loss is not None:
            row["loss"], at = values[0], 1
        layer_rows = []
        for layer, pending in zip(self.layers, self._pending):
            if pending is None:
                layer_rows.append(None)
                continue
            layer_rows.append(self._layer_row(layer, pending, values[at : at + 7 + layer.units]))
            at += 7 + layer.units
        for key in ("deltaNorm", "deadShare", "saturatedShare", "gradNorm", "weightNorm", "updateRatio"):
            row[key] = [r[key] if r else None for r in layer_rows]
        if self._map.due(step):
            self._map.take(step)
            row["deltaMean"] = [r["deltaMean"] if r else None for r in layer_rows]
        self._writer.append_step(row)
        self._write_frame(step)
        self._pending = [None] * len(self.layers)
        self._pending_loss = None

    def _device_values(self, device):
        """[loss?] + per pending layer [‖δ‖_F, m, dead, saturated, ‖∂E/∂W‖_F, ‖W⁺‖_F, ‖W⁺ − W⁻‖_F, mean δ per unit…] (float64)."""
        parts = []
        if self._pending_loss is not None:
            loss = self._pending_loss
            parts.append(loss.detach().reshape(1).to(device, torch.float64) if torch.is_tensor(loss) else torch.tensor([float(loss)], dtype=torch.float64, device=device))
        with torch.no_grad():
            for layer, p in zip(self.layers, self._pending):
                if p is None:
                    continue
                w = layer.linear.weight.detach()
                nan = torch.tensor(math.nan, dtype=torch.float64, device=device)
                shares = p["shares"] if p["shares"] is not None else torch.stack([nan, nan])
                grad_norm = p["grad_norm"] if p["grad_norm"] is not None else nan
                scalars = [p["norm"], torch.tensor(float(p["m"]), device=device), shares[0], shares[1],
                           grad_norm, torch.linalg.vector_norm(w), torch.linalg.vector_norm(p["held"].sub_(w))]  # held: W⁻ − W⁺ now
                parts.append(torch.stack([s.to(device, torch.float64) for s in scalars]))
                parts.append(p["mean"].to(device, torch.float64))
        return torch.cat(parts)

    def _layer_row(self, layer, pending, v):
        norm, m, dead, saturated, grad_norm, weight_norm, update_norm = v[:7]
        return {"deltaNorm": norm / math.sqrt(m), "deadShare": dead / layer.units, "saturatedShare": saturated / (layer.units * m),
                "gradNorm": grad_norm / (1 if self.loss_reduction == "mean" else m), "weightNorm": weight_norm,
                "updateRatio": update_norm / weight_norm if weight_norm > 0 else 0.0,
                "deltaMean": v[7:]}

    def _write_frame(self, step):
        frames = [(i, p["frame"]) for i, p in enumerate(self._pending) if p is not None and p["frame"] is not None]
        if not frames:
            return
        self._frames.take(step)
        self._writer.append_frame(step, [(i, f.shape[0], f.shape[1], f.cpu().reshape(-1).tolist()) for i, f in frames])
