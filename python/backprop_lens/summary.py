"""A step's per-layer sums, reduced on the training device into one float64 vector (summed over DDP ranks), and the
record's values computed from them: over the whole (global) batch of M = Σ_ranks m rows,
  ‖δ^l‖_F/√M = √(Σ_x ‖δ^l_x‖² / M), mean δ per unit (1/M) Σ_x δ^l_x, dead share (relu: units with z ≤ 0 on every
  sample) / units, saturated share (σ′ entries below 0.01) / (units · M), ‖∂E/∂W^l‖ of the batch-averaged gradient.
"""
import math

import torch

from .layers import sigma_prime

# Per layer: present, Σ‖δ_x‖², m, c·m (c: the loss back-propagated is c · Σ_x E_x), saturated entries, then rank 0 only:
# ‖∂E/∂W‖ as autograd (and DDP) left it, ‖W⁺‖, ‖W⁺ − W⁻‖; then Σ_x δ_x per unit and the samples with z > 0 per unit.
_SCALARS = 8
_RANK0_ONLY = slice(5, 8)


def layer_width(layer):
    return _SCALARS + 2 * layer.units


def sigma_prime_counts(layer, z):
    """[saturated entries of σ′(z^l), samples with z > 0 per unit (relu only, else 0)]; NaN saturated when σ is unknown."""
    units = z.shape[1]
    if layer.activation == "relu":  # σ′ = [z > 0]: saturated where σ′ = 0, dead where no sample is positive
        positive = (z > 0).sum(dim=0).to(torch.float64)
        return torch.cat([(z.shape[0] * units - positive.sum()).reshape(1), positive])
    counts = torch.zeros(1 + units, dtype=torch.float64, device=z.device)
    if layer.activation != "linear":  # linear: σ′ = 1, nothing saturated
        sp = sigma_prime(layer, z)
        counts[0] = math.nan if sp is None else (sp.abs() < 0.01).sum()
    return counts


def step_vector(layers, pending, loss, code, ranks, device):
    """[control code, Σ loss, ranks that gave it] + per layer the _SCALARS and 2·units sums, summed over the ranks (float64)."""
    rank0 = ranks.rank == 0
    head = torch.zeros(3, dtype=torch.float64, device=device)
    if rank0:
        head[0] = code
    if loss is not None:
        head[1] = loss.detach().reshape(()).to(device, torch.float64) if torch.is_tensor(loss) else float(loss)
        head[2] = 1.0
    parts = [head]
    with torch.no_grad():
        for layer, p in zip(layers, pending):
            if p is None:
                parts.append(torch.zeros(layer_width(layer), dtype=torch.float64, device=device))
                continue
            w = layer.linear.weight.detach()
            grad_norm = p["grad_norm"] if p["grad_norm"] is not None else torch.tensor(math.nan, device=device)
            numbers = [1.0, p["sumsq"], float(p["m"]), float(p["cm"]), p["counts"][0], grad_norm,
                       torch.linalg.vector_norm(w), torch.linalg.vector_norm(p["held"].sub_(w))]  # held: W⁻ − W⁺ now
            scalars = torch.stack([torch.as_tensor(n).to(device, torch.float64) for n in numbers])
            if not rank0:
                scalars[_RANK0_ONLY] = 0.0
            parts += [scalars, p["sum"].to(device, torch.float64), p["counts"][1:].to(device, torch.float64)]
    return ranks.sum_in_place(torch.cat(parts))


def step_row(layers, values, world):
    """The record line's series from step_vector's values (a list): None for a layer with no backward pass."""
    row = {"loss": values[1] / values[2] if values[2] > 0 else None}  # the mean of the ranks' losses
    layer_rows, at = [], 3
    for layer in layers:
        v = values[at : at + layer_width(layer)]
        at += layer_width(layer)
        layer_rows.append(_layer_row(layer, v, world) if v[0] > 0 else None)
    for key in ("deltaNorm", "deadShare", "saturatedShare", "gradNorm", "weightNorm", "updateRatio", "deltaMean"):
        row[key] = [r[key] if r else None for r in layer_rows]
    return row


def _layer_row(layer, v, world):
    _present, sumsq, m, cm, saturated, grad_norm, weight_norm, update_norm = v[:_SCALARS]
    units = layer.units
    sums, positive = v[_SCALARS : _SCALARS + units], v[_SCALARS + units :]
    per_m = 1 / m if m > 0 else math.nan
    if layer.activation == "relu":
        dead = sum(1 for count in positive if count == 0)
    else:
        dead = math.nan if layer.activation == "unknown" else 0
    return {"deltaNorm": math.sqrt(sumsq * per_m), "deadShare": dead / units, "saturatedShare": saturated * per_m / units,
            "gradNorm": grad_norm * world / cm if cm > 0 else math.nan, "weightNorm": weight_norm,
            "updateRatio": update_norm / weight_norm if weight_norm > 0 else 0.0, "deltaMean": [s * per_m for s in sums]}
