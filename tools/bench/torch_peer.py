"""PyTorch CPU side of `strata bench`: the same models, data, batch, optimizer and thread
count as Strata's epoch workloads, and the cost of torch.add on one-element tensors.

Run by `strata bench` under /usr/bin/python3 (Debian's python3-torch), with
OPENBLAS_NUM_THREADS set by the caller (it must be set before OpenBLAS loads). Prints one
JSON object on its last line:
  {"torch": "2.x", "threads": N, "openblas_threads": "1",
   "results": {"mlp-epoch": {"seconds": s, "loss": l, "samples": n}, ...,
               "small-op": {"seconds_per_op": s}}}
or {"error": "..."} when torch or the data cannot be loaded.
"""

import argparse
import gzip
import json
import os
import sys
import time

BATCH = 128
WARMUP_STEPS = 2  # as on the Strata side: first-touch allocation is not part of an epoch


def fail(message):
    print(json.dumps({"error": message}))
    sys.exit(3)


def read_idx(path, np):
    """An IDX file (big-endian sizes, unsigned bytes) as a numpy array."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def load_train(folder, samples, torch, np):
    images = read_idx(os.path.join(folder, "train-images-idx3-ubyte.gz"), np)
    labels = read_idx(os.path.join(folder, "train-labels-idx1-ubyte.gz"), np)
    if samples:
        images, labels = images[:samples], labels[:samples]
    x = torch.from_numpy(images.astype(np.float32) / 255.0)
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


def keras_init(model, nn):
    """Keras's defaults: glorot_uniform kernels, zero biases, so the losses compare."""
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)


def mlp(nn):
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 512), nn.ReLU(),
        nn.Linear(512, 512), nn.ReLU(),
        nn.Linear(512, 10))


def cnn(nn):
    # examples/fashion_mnist_cnn.cpp, channels first as PyTorch wants them.
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.25),
        nn.Linear(64 * 7 * 7, 128), nn.ReLU(),
        nn.Linear(128, 10))


def epoch(build, x, y, torch, nn):
    """Seconds for one shuffled epoch of Adam(1e-3) on softmax cross-entropy, and its mean
    loss over the samples (what Keras's fit reports)."""
    torch.manual_seed(1)
    model = build(nn)
    keras_init(model, nn)
    # Softmax + sparse categorical cross-entropy, as PyTorch users write it: on the logits.
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)

    def step(xb, yb):
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        return loss

    model.train()
    for _ in range(WARMUP_STEPS):
        step(x[:BATCH], y[:BATCH])
    start = time.perf_counter()
    order = torch.randperm(x.shape[0])
    total = torch.zeros(())
    for i in range(0, x.shape[0], BATCH):
        idx = order[i:i + BATCH]
        total += step(x[idx], y[idx]).detach() * idx.shape[0]
    loss = float(total) / x.shape[0]
    return {"seconds": time.perf_counter() - start, "loss": loss, "samples": int(x.shape[0])}


def small_op(min_time, torch):
    """Best seconds per torch.add of two one-element tensors over batches of calls."""
    a, b = torch.ones(1), torch.ones(1)
    for _ in range(1000):
        torch.add(a, b)
    best, spent, calls = float("inf"), 0.0, 10000
    while spent < min_time or best == float("inf"):
        start = time.perf_counter()
        for _ in range(calls):
            torch.add(a, b)
        elapsed = time.perf_counter() - start
        best, spent = min(best, elapsed / calls), spent + elapsed
    return {"seconds_per_op": best}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--workloads", required=True, help="mlp-epoch,cnn-epoch,small-op")
    parser.add_argument("--data", required=True, help="folder of the Fashion-MNIST IDX files")
    parser.add_argument("--samples", type=int, default=0, help="train on the first N (0: all)")
    parser.add_argument("--min-time", type=float, default=0.5)
    args = parser.parse_args()
    try:
        import numpy as np
        import torch
        from torch import nn
    except ImportError as e:
        fail(f"{sys.executable} cannot import {e.name}: install python3-torch (Debian's "
             "PyTorch runs under /usr/bin/python3)")
    torch.set_num_threads(args.threads)
    workloads = args.workloads.split(",")
    results = {}
    if "small-op" in workloads:
        results["small-op"] = small_op(args.min_time, torch)
    epochs = [w for w in workloads if w.endswith("-epoch")]
    if epochs:
        try:
            x, y = load_train(args.data, args.samples, torch, np)
        except OSError as e:
            fail(f"cannot read Fashion-MNIST: {e}")
        if "mlp-epoch" in epochs:
            results["mlp-epoch"] = epoch(mlp, x, y, torch, nn)
        if "cnn-epoch" in epochs:
            results["cnn-epoch"] = epoch(cnn, x.unsqueeze(1), y, torch, nn)
    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS", ""),
        "results": results}))


if __name__ == "__main__":
    main()
