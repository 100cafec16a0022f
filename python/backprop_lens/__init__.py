"""Backprop Lens for PyTorch: record δ^l = ∂E/∂z^l of every nn.Linear, per step, into a run folder.

    import backprop_lens
    lens = backprop_lens.watch(model, "runs/my-run")   # or: with backprop_lens.watch(model, "runs/my-run") as lens:
    ...  # forward, loss.backward(), optimizer.step(), optionally lens.step(loss=loss)
    lens.close()
"""
from .control import StopTraining
from .lens import Lens, watch

__all__ = ["Lens", "StopTraining", "watch"]
__version__ = "0.1.0"
