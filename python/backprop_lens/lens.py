"""watch(model, folder): hooks every nn.Linear; each backward pass through the model is one recorded step.

Per layer l and step: δ^l_x = ∂E_x/∂z^l per sample (autograd's ∂E/∂z^l divided by c, the loss back-propagated being
c · Σ_x E_x: c = 1/m for loss_reduction="mean", 1 for "sum", or lens.loss_scale), then the series summary.py defines,
over the whole batch (under DistributedDataParallel: every rank's shard, summed with one all_reduce per step) — as the
native record (src/engine/record/) defines them. Everything is reduced on the training device; a step is finished at
lens.step(), the model's next forward or close(): there the lens obeys Pause/Resume/Stop from the editor (control.py)
and the step is recorded (recorder.py: one transfer to the CPU) — in one process on a background thread (finisher.py),
under DDP in the loop, whose all_reduce also tells every rank rank 0's decision.
"""
import time

import torch

from .control import PAUSED, POLL_SECONDS, RUNNING, STATE_NAMES, STOPPED, ControlFile, StopTraining
from .finisher import Finisher
from .layers import find_layers
from .ranks import Ranks
from .recorder import StepRecorder, Thinning
from .run_folder import RunFolderWriter
from .summary import sigma_prime_counts
# δ frames: 16 at every spacing (1, 2, 4, … steps apart), each at most FRAME_FLOATS floats, the file at most FRAMES_BYTES.
FRAMES_PER_LEVEL = 16
FRAME_FLOATS = 48 * 1024
FRAMES_BYTES = 24 * 2**20
_ENGINE = torch.autograd.Variable._execution_engine


def watch(model, folder, loss_reduction="mean", on_stop="raise", activations=None):
    """Starts recording `model` (an nn.Module, or a DistributedDataParallel around one: call it on every rank) into `folder`.
    on_stop: what Stop from the editor does at the step boundary it reaches, after closing the run folder: "raise"
    raises backprop_lens.StopTraining; "flag" sets lens.stop_requested (the loop checks it and ends as it would).
    activations: σ's name per nn.Linear ("relu", "tanh", …) for a model that applies σ in its forward code."""
    return Lens(model, folder, loss_reduction, on_stop, activations)


class Lens:
    """The hooks and the run folder of one watched model; close() (or leaving a `with` block) finishes the run."""

    def __init__(self, model, folder, loss_reduction="mean", on_stop="raise", activations=None):
        if loss_reduction not in ("mean", "sum"):
            raise ValueError(f'loss_reduction must be "mean" or "sum", not {loss_reduction!r}')
        if on_stop not in ("raise", "flag"):
            raise ValueError(f'on_stop must be "raise" or "flag", not {on_stop!r}')
        self.loss_reduction, self.on_stop = loss_reduction, on_stop
        self.loss_scale = None  # c when the loss back-propagated is c · Σ_x E_x (None: from loss_reduction)
        self.steps, self.state, self.stop_requested = 0, "running", False
        self.folder, self._handles = None, []
        self._ranks = Ranks()
        self.active = self._ranks.rank == 0  # rank 0 writes the run folder and reads control.json
        net = model.module if isinstance(model, torch.nn.parallel.DistributedDataParallel) else model
        self.layers = find_layers(net, activations)
        if not self.layers:
            raise ValueError("backprop_lens.watch: the model has no nn.Linear layer to watch")
        writer = None
        if self.active:
            description = {"lossReduction": loss_reduction, "torch": torch.__version__, "ranks": self._ranks.world,
                           "layers": [l.describe() for l in self.layers]}
            writer = self._writer = RunFolderWriter(folder, description)
            self.folder = writer.folder
            self._control = ControlFile(self.folder)
        self._recorder = StepRecorder(self.layers, self._ranks, writer)
        self._finisher = Finisher(self._recorder.record) if not self._ranks.many else None
        self._pending = [None] * len(self.layers)
        self._held = [None] * len(self.layers)  # W⁻ per layer, copied into the same buffer every step
        self._pending_loss, self._grad_norms_queued = None, False
        self._frames = Thinning(FRAMES_PER_LEVEL)
        self._frame_rows = max(1, FRAME_FLOATS // sum(l.units for l in self.layers))
        self._handles.append(net.register_forward_pre_hook(lambda _module, _inputs: self._finish_step()))
        for i, layer in enumerate(self.layers):
            self._handles.append(layer.linear.register_forward_hook(self._forward_hook(i)))
            if not self._ranks.many and layer.linear.weight.requires_grad:  # under DDP: the averaged gradient, read
                # once backward is over (_read_grad_norms); a frozen layer has no ∂E/∂W (null in the record)
                self._handles.append(layer.linear.weight.register_hook(self._weight_grad_hook(i)))

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.close()

    def step(self, loss=None):
        """Finishes the step just back-propagated (after optimizer.step(): ‖W⁺‖ and the update ratio), with its loss
        (under DDP: the mean of the ranks' losses). Pause from the editor blocks here; Stop raises or sets the flag."""
        if loss is not None and self._handles:
            self._pending_loss = loss
        self._finish_step()

    def close(self):
        """Finishes the last step, removes the hooks and closes the run folder's files (idempotent)."""
        self._finish_step(closing=True)
        self._close(stopped=False)

    def _close(self, stopped):
        if not self._handles:
            return
        if self._finisher is not None:
            self._finisher.drain()
        for handle in self._handles:
            handle.remove()
        self._handles = []
        if self.active:
            self._writer.close(self.steps, stopped)

    def _forward_hook(self, i):
        layer = self.layers[i]

        def hook(_module, _inputs, z):
            if not (torch.is_grad_enabled() and z.requires_grad):
                return
            with torch.no_grad():
                counts = sigma_prime_counts(layer, z.detach().reshape(-1, layer.units))
            z.register_hook(lambda g: self._on_delta(i, g, counts))
        return hook

    def _on_delta(self, i, grad, counts):
        """The tensor hook on z^l: autograd's ∂E/∂z^l → per-sample δ^l = ∂E/∂z^l / c, reduced on the device (W^l held)."""
        if self._pending[i] is not None:
            self._finish_step()  # a second backward pass before the next forward: a step of its own
        layer = self.layers[i]
        if self._finisher is not None:
            self._finisher.wait_reads()  # the last step has read W⁺ and the held W⁻: both may change from here
        with torch.no_grad():
            g = grad.detach().reshape(-1, layer.units)
            m = g.shape[0]
            default_mean = self.loss_scale is None and self.loss_reduction == "mean"
            c = self.loss_scale if self.loss_scale is not None else (1 / m if default_mean and m else 1)
            cm = 1.0 if default_mean else m * c  # c·m, exact for "mean"
            if c != 1:
                g = g * (m if default_mean else 1 / c)  # δ_x = ∂E/∂z / c (1/c = m exactly for "mean")
            weight = layer.linear.weight.detach()
            if self._held[i] is None or self._held[i].shape != weight.shape:
                self._held[i] = torch.empty_like(weight)
            self._held[i].copy_(weight)
            norm = torch.linalg.vector_norm(g)
            pending = {"m": m, "cm": cm, "sumsq": norm * norm, "sum": g.sum(dim=0), "counts": counts,
                       "held": self._held[i], "grad_norm": None, "frame": None}
            if self.active and self._frames.due(self.steps + 1) and self._writer.frame_bytes < FRAMES_BYTES:
                pending["frame"] = g[: self._frame_rows].to(torch.float32, copy=True)
        self._pending[i] = pending
        if self._ranks.many and not self._grad_norms_queued:
            self._grad_norms_queued = True
            _ENGINE.queue_callback(lambda: _ENGINE.queue_callback(self._read_grad_norms))

    def _read_grad_norms(self):
        """After backward (queued behind DDP's own end-of-backward callback): ‖∂E/∂W^l‖ of the gradient DDP averaged."""
        self._grad_norms_queued = False
        with torch.no_grad():
            for layer, pending in zip(self.layers, self._pending):
                if pending is not None and layer.linear.weight.grad is not None:
                    pending["grad_norm"] = torch.linalg.vector_norm(layer.linear.weight.grad.detach())

    def _weight_grad_hook(self, i):
        def hook(grad):
            pending = self._pending[i]
            if pending is not None:
                with torch.no_grad():
                    pending["grad_norm"] = torch.linalg.vector_norm(grad.detach())
        return hook

    def _finish_step(self, closing=False):
        """Records the pending step (recorder.py), then obeys the editor."""
        if all(p is None for p in self._pending):
            return
        step = self.steps = self.steps + 1
        pending, loss = self._pending, self._pending_loss
        self._pending, self._pending_loss = [None] * len(self.layers), None
        device = next(p["sum"].device for p in pending if p is not None)
        code, seq = self._control.poll(RUNNING) if self.active else (RUNNING, None)
        if any(p is not None and p["frame"] is not None for p in pending):
            self._frames.take(step)
        if self._finisher is not None:
            self._finisher.submit(step, pending, loss, code)
        else:  # DDP: the step's all_reduce gives every rank rank 0's code
            code = self._recorder.record(step, pending, loss, code)
        self._obey(code, seq, device, closing)

    def _obey(self, code, seq, device, closing):
        """Acts on rank 0's decision at this boundary: acknowledge a resume, hold while paused, stop (the step's line
        written first, so a reader of the acknowledgement finds it)."""
        if (code != RUNNING or seq is not None) and self._finisher is not None:
            self._finisher.drain()
        if code == PAUSED:
            code = self._hold(device)
        elif seq is not None:
            self._acknowledge(code)
        if code == STOPPED:
            self._stop(closing)

    def _hold(self, device):
        """Paused: every rank waits here, polling every POLL_SECONDS, until rank 0 reads resume or stop."""
        self.state = "paused"
        self._acknowledge(PAUSED)
        code = PAUSED
        while code == PAUSED:
            time.sleep(POLL_SECONDS)
            seq = None
            if self.active:
                code, seq = self._control.poll(PAUSED)
            code = self._ranks.from_rank0(code, device)
            if seq is not None and code == PAUSED:
                self._acknowledge(PAUSED)  # a second pause while paused: its seq acknowledged
        self.state = STATE_NAMES[code]
        if code == RUNNING:
            self._acknowledge(RUNNING)
        return code

    def _stop(self, closing):
        """Stop: the run folder ends here (end line with "stopped": true), then StopTraining or lens.stop_requested."""
        self.state, self.stop_requested = "stopped", True
        self._close(stopped=True)
        self._acknowledge(STOPPED)
        if self.on_stop == "raise" and not closing:
            raise StopTraining(f"backprop_lens: stopped from the editor after step {self.steps}")

    def _acknowledge(self, code):
        if self.active:
            self.state = STATE_NAMES[code]
            self._control.ack(code, self.steps)
