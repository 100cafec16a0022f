/** README.md of an exported PyTorch project: one machine, N GPUs, several nodes, and bringing the model back. */

export function pytorchReadme(name: string, dataFiles: string): string {
  return `# ${name}: exported from Backprop Lens

A plain PyTorch project that trains the spec's network the way Backprop Lens does: the same layers and
starting weights (\`init-model.json\`), the same data (${dataFiles || 'see data.py'}) with the same split, class order and
normalisation, the same loss, optimizer update rules, L2, batch size, batch order, epochs, seed and precision.

| file | holds |
| --- | --- |
| \`model.py\` | the network as an \`nn.Module\` (\`Network\`), its initialisation, loading and saving \`backprop-lens/model@1\` files |
| \`data.py\` | reads the data, splits it, builds the targets, normalises with statistics of the training split |
| \`train.py\` | the training loop: the engine's update rules (\`EngineOptimizer\`), DistributedDataParallel under torchrun |
| \`init-model.json\` | the starting weights (\`train.py --init\` takes another model, \`--fresh-init\` draws new ones) |
| \`backprop_lens/\` | the lens: \`train.py\` records δ^l of every layer at every step into a run folder Backprop Lens opens |

## On one machine

    python3 train.py                      # the spec's epochs; one JSON line per epoch
    python3 train.py --epochs 50 --save-model trained.json

## Watching it in Backprop Lens

train.py records, at every step, δ^l = ∂E/∂z^l of every layer (‖δ^l‖, mean δ, dead and saturated shares, ‖∂E/∂W^l‖,
the update ratio, the loss) into a run folder, printed at the end: by default a new folder under the spec's run
folder, \`--lens RUN_DIR\` chooses it, \`--no-lens\` records nothing. **Backprop Lens: Watch a PyTorch Run…** follows it
live; Pause, Resume and Stop in the monitor reach train.py at its next step (Stop saves the model as at the end).
Under DistributedDataParallel rank 0 writes the folder and the record covers every rank's shard.

## On N GPUs of one machine (DistributedDataParallel, nccl)

    torchrun --standalone --nproc_per_node=N train.py --save-model trained.json

Each rank takes its shard of every mini-batch; the gradients are averaged over the ranks, so with equal shards the
result is one process's. Without GPUs the ranks use gloo on the CPU.

## On several nodes

On each of the M nodes (node rank 0 … M−1), with the address of node 0:

    torchrun --nnodes=M --node_rank=R --nproc_per_node=N --master_addr=HOST0 --master_port=29500 train.py --save-model trained.json

torchrun sets the env:// variables RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR and MASTER_PORT; train.py reads them.
Where torchrun is not available, start each process yourself with those variables set.

## Bringing the model back

\`--save-model trained.json\` writes a \`backprop-lens/model@1\` file (rank 0 writes it). In VS Code run
**Backprop Lens: Continue Training from a Saved Model…** on the spec and pick it, or on the command line:

    backprop-lens train SPEC.nn.json --init trained.json
    backprop-lens predict trained.json rows.csv
`;
}
