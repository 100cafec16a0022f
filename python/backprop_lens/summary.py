"""A step's per-layer sums, reduced on the training device into one float64 vector (summed over DDP ranks), and the
record's values computed from them: over the whole (global) batch of M = Σ_ranks m rows,
  ‖δ^l‖_F/√M = √(Σ_x ‖δ^l_x‖² / M), mean δ per unit (1/M) Σ_x δ^l_x, dead share (relu: units with z ≤ 0 on every
  sample) / units, saturated share (σ′ entries below 0.01; relu: z ≤ 0) / (units · M), ‖∂E/∂W^l‖ of the batch-averaged gradient.
The vector, in as few tensor operations as the numbers allow (they cost more than their arithmetic on a small model):
  [code, ranks that gave a loss, per layer: present, m, c·m]   Python numbers, one tensor
  [Σ loss, per layer: Σ‖δ_x‖², ‖∂E/∂W‖, ‖W⁺‖, ‖W⁺ − W⁻‖]       0-dim device tensors, one stack (rank 0 only: the norms)
  per layer: Σ_x δ_x per unit (only at the steps that write the mean δ, added to the block's since the last one),
  then the saturated entries (tanh, sigmoid, softmax, leaky relu) or the samples with z > 0 per unit (relu)
                                                                device tensors, one cat
"""
import math

import torch

from .layers import sigma_prime

_HOST_PER_LAYER, _SCALARS_PER_LAYER = 3, 4
_CONSTANTS = {}  # (value, device) → a 0-dim float64 tensor


def _counted(layer):
    """What the vector holds for the layer's σ′: "relu" (positives per unit), "device" (saturated entries), or None."""
    if layer.activation == "relu":
        return "relu"
    return None if layer.activation in ("linear", "unknown") else "device"


def _per_unit_width(layer, with_sums):
    counted = _counted(layer)
    return (layer.units if with_sums else 0) + (layer.units if counted == "relu" else 1 if counted == "device" else 0)


def _constant(value, device):
    key = ("nan" if math.isnan(value) else value, str(device))  # NaN ≠ NaN: a key of its own
    if key not in _CONSTANTS:
        _CONSTANTS[key] = torch.tensor(value, dtype=torch.float64, device=device)
    return _CONSTANTS[key]


def _on(tensor, device):
    return tensor if tensor.device == device else tensor.to(device)


def sigma_prime_counts(layer, z):
    """relu: the samples with z > 0 per unit (σ′ = [z > 0]); tanh, sigmoid, …: [entries of σ′(z^l) below 0.01]; else None."""
    counted = _counted(layer)
    if counted == "relu":
        return (z > 0).sum(dim=0)
    if counted == "device":
        return (sigma_prime(layer, z).abs() < 0.01).sum().reshape(1)
    return None


def step_vector(layers, pending, loss, code, ranks, device, map_sums=None):
    """The step's numbers (module docstring) as one float64 vector on `device`, summed over the ranks; with the per-unit
    sums of δ when map_sums is a list (per layer the block's earlier sums, or None)."""
    rank0 = ranks.rank == 0
    zero = _constant(0.0, device)
    host = [float(code) if rank0 else 0.0, 0.0 if loss is None else 1.0]
    scalars = [zero if loss is None else _loss_tensor(loss, device)]
    per_unit = []
    with torch.no_grad():
        for i, (layer, p) in enumerate(zip(layers, pending)):
            if p is None:
                host += [0.0, 0.0, 0.0]
                scalars += [zero] * _SCALARS_PER_LAYER
                per_unit.append(torch.zeros(_per_unit_width(layer, map_sums is not None), dtype=torch.float64, device=device))
                continue
            host += [1.0, float(p["m"]), float(p["cm"])]
            scalars.append(p["sumsq"])
            if rank0:
                w = layer.linear.weight.detach()
                grad_norm = p["grad_norm"] if p["grad_norm"] is not None else _constant(math.nan, device)
                scalars += [grad_norm, torch.linalg.vector_norm(w), torch.linalg.vector_norm(p["held"].sub_(w))]  # held: W⁻ − W⁺ now
            else:
                scalars += [zero, zero, zero]
            if map_sums is not None:
                per_unit.append(p["sum"] if map_sums[i] is None else map_sums[i].add_(p["sum"]))
            if p["counts"] is not None:
                per_unit.append(p["counts"])
        parts = [torch.tensor(host, dtype=torch.float64, device=device), torch.stack([_on(s, device) for s in scalars])]
        vector = torch.cat(parts + [_on(t, device) for t in per_unit])  # float64: the host part sets the type
    return ranks.sum_in_place(vector)


def _loss_tensor(loss, device):
    if torch.is_tensor(loss):
        return _on(loss.detach().reshape(()), device)
    return torch.tensor(float(loss), dtype=torch.float64, device=device)


def step_row(layers, values, world, earlier_samples=None):
    """The record line's series from step_vector's values (a list; with the δ sums when earlier_samples is a list: per
    layer the samples of the block's earlier steps), and each layer's samples M this step (0 without a backward pass)."""
    n, with_sums = len(layers), earlier_samples is not None
    host, scalars = values[: 2 + _HOST_PER_LAYER * n], values[2 + _HOST_PER_LAYER * n :]
    row = {"loss": scalars[0] / host[1] if host[1] > 0 else None}  # the mean of the ranks' losses
    layer_rows, samples, at = [], [], 2 + _HOST_PER_LAYER * n + 1 + _SCALARS_PER_LAYER * n
    for i, layer in enumerate(layers):
        width = _per_unit_width(layer, with_sums)
        present, m, cm = host[2 + _HOST_PER_LAYER * i : 2 + _HOST_PER_LAYER * (i + 1)]
        numbers = scalars[1 + _SCALARS_PER_LAYER * i : 1 + _SCALARS_PER_LAYER * (i + 1)]
        block = m + earlier_samples[i] if with_sums else None
        layer_rows.append(_layer_row(layer, m, cm, numbers, values[at : at + width], world, block) if present > 0 else None)
        samples.append(m if present > 0 else 0.0)
        at += width
    for key in ("deltaNorm", "deadShare", "saturatedShare", "gradNorm", "weightNorm", "updateRatio"):
        row[key] = [r[key] if r else None for r in layer_rows]
    if with_sums:
        row["deltaMean"] = [r["deltaMean"] if r else None for r in layer_rows]
    return row, samples


def _layer_row(layer, m, cm, numbers, per_unit, world, block_samples):
    sumsq, grad_norm, weight_norm, update_norm = numbers
    units, counted = layer.units, _counted(layer)
    sums_width = units if block_samples is not None else 0
    per_m = 1 / m if m > 0 else math.nan
    if counted == "relu":  # saturated where σ′ = 0 (z ≤ 0), dead where no sample has z > 0
        positive = per_unit[sums_width:]
        saturated, dead = m * units - sum(positive), sum(1 for count in positive if count == 0)
    else:
        saturated = per_unit[sums_width] if counted == "device" else math.nan if layer.activation == "unknown" else 0
        dead = math.nan if layer.activation == "unknown" else 0
    row = {"deltaNorm": math.sqrt(sumsq * per_m), "deadShare": dead / units, "saturatedShare": saturated * per_m / units,
           "gradNorm": grad_norm * world / cm if cm > 0 else math.nan, "weightNorm": weight_norm,
           "updateRatio": update_norm / weight_norm if weight_norm > 0 else 0.0}
    if block_samples is not None:  # mean δ per unit over the block's samples (this step's alone when it is one step)
        per_block = 1 / block_samples if block_samples > 0 else math.nan
        row["deltaMean"] = [s * per_block for s in per_unit[:units]]
    return row
