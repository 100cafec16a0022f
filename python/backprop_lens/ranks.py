"""The ranks of a torch.distributed process group as the lens sees them: rank 0 writes, every rank adds its sums."""
import torch


class Ranks:
    """rank and world size (0 and 1 outside a process group); sums and broadcasts on the training device."""

    def __init__(self):
        dist = torch.distributed
        grouped = dist.is_available() and dist.is_initialized()
        self.rank = dist.get_rank() if grouped else 0
        self.world = dist.get_world_size() if grouped else 1

    @property
    def many(self):
        return self.world > 1

    def sum_in_place(self, tensor):
        """tensor ← Σ over ranks of tensor (one all_reduce; nothing outside a process group)."""
        if self.many:
            torch.distributed.all_reduce(tensor)
        return tensor

    def from_rank0(self, code, device):
        """Rank 0's integer `code` on every rank (one broadcast of one float)."""
        if not self.many:
            return code
        t = torch.tensor([float(code)], dtype=torch.float64, device=device)
        torch.distributed.broadcast(t, 0)
        return int(t.item())
