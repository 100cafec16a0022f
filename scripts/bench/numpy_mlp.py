"""NumPy reference trainer for the benchmark: 784-256-128-10 relu/softmax, cross-entropy, plain SGD, He init.

Usage: OPENBLAS_NUM_THREADS=1 python3 numpy_mlp.py DIR float32|float64 EPOCHS [BATCH] [LR]
Prints one JSON line: seconds per epoch (each epoch timed alone), test accuracy after epoch 1, peak RSS.
"""
import gzip, json, resource, sys, time
import numpy as np


def read_idx(path):
    """IDX (optionally gzipped) -> uint8 array with the header's shape."""
    with (gzip.open if path.endswith('.gz') else open)(path, 'rb') as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], 'big') for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    folder, precision, epochs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    batch = int(sys.argv[4]) if len(sys.argv) > 4 else 64
    lr = float(sys.argv[5]) if len(sys.argv) > 5 else 0.1
    dtype = np.float32 if precision == 'float32' else np.float64
    x_train = read_idx(folder + '/train-images-idx3-ubyte.gz').reshape(60000, 784).astype(dtype) / dtype(255)
    y_train = read_idx(folder + '/train-labels-idx1-ubyte.gz').astype(np.int64)
    x_test = read_idx(folder + '/t10k-images-idx3-ubyte.gz').reshape(10000, 784).astype(dtype) / dtype(255)
    y_test = read_idx(folder + '/t10k-labels-idx1-ubyte.gz').astype(np.int64)
    rng = np.random.default_rng(1)
    sizes = [784, 256, 128, 10]
    W = [(rng.standard_normal((sizes[i], sizes[i + 1])) * np.sqrt(2 / sizes[i])).astype(dtype) for i in range(3)]
    b = [np.zeros(sizes[i + 1], dtype) for i in range(3)]
    eye = np.eye(10, dtype=dtype)

    def forward(x):
        acts = [x]
        for l in range(3):
            z = acts[-1] @ W[l] + b[l]
            if l < 2:
                acts.append(np.maximum(z, 0))
            else:
                z = z - z.max(axis=1, keepdims=True)
                e = np.exp(z)
                acts.append(e / e.sum(axis=1, keepdims=True))
        return acts

    def train_step(x, y):
        acts = forward(x)
        delta = (acts[3] - eye[y]) / dtype(len(y))  # softmax + cross-entropy: δ^L = a − y (batch mean folded in)
        for l in (2, 1, 0):
            dW = acts[l].T @ delta
            db = delta.sum(axis=0)
            if l > 0:
                delta = (delta @ W[l].T) * (acts[l] > 0)
            W[l] -= dtype(lr) * dW
            b[l] -= dtype(lr) * db

    epoch_seconds, accuracy = [], None
    for epoch in range(epochs):
        order = rng.permutation(60000)
        start = time.perf_counter()
        for s in range(0, 60000, batch):
            idx = order[s:s + batch]
            train_step(x_train[idx], y_train[idx])
        epoch_seconds.append(time.perf_counter() - start)
        if epoch == 0:
            accuracy = float((forward(x_test)[3].argmax(axis=1) == y_test).mean())
    print(json.dumps({
        'system': f'numpy-{precision}', 'epochSeconds': epoch_seconds, 'testAccuracy': accuracy,
        'peakRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'numpy': np.__version__,
    }))


if __name__ == '__main__':
    main()
