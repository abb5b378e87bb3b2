#!/usr/bin/python3
"""Train the embedded Fashion-MNIST model of IMCSim: a small VGG-style CNN (7 weight layers), exported to ONNX.

Usage: /usr/bin/python3 train_vgg_fmnist.py FASHION_MNIST_DIR OUT.onnx [EPOCHS]
FASHION_MNIST_DIR holds the four gzipped IDX files (train-*, t10k-*), e.g. /usr/share/datasets/fashion-mnist
of Debian's dataset-fashion-mnist (scripts/train-fmnist-model.sh installs it). Uses Debian's python3-torch.
Deterministic: fixed seeds, one thread, no data-loader workers.
Inputs are float32 pixel/255 in [N,1,28,28]; outputs are the 10 logits (no softmax).
Only Conv, Relu, MaxPool, Flatten and Gemm reach the ONNX file (no batch normalisation, dropout is
removed by the evaluation-mode export), so every weight layer maps directly onto crossbars.
"""
import gzip
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    assert zero == 0 and dtype == 0x08, f"{path}: not an unsigned-byte IDX file"
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(folder, split):
    images = read_idx(f"{folder}/{split}-images-idx3-ubyte.gz").astype(np.float32) / 255.0
    labels = read_idx(f"{folder}/{split}-labels-idx1-ubyte.gz").astype(np.int64)
    return torch.from_numpy(images).unsqueeze(1), torch.from_numpy(labels)


class Vgg7(nn.Module):
    """Three VGG blocks of 3x3 convolutions (16 | 32-32 | 64-64 channels, each block ending in a 2x2 max-pool),
    then two fully connected layers: 5 conv + 2 Gemm = 7 weight layers."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)    # 28x28 -> pool 14x14
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)   # 14x14
        self.conv3 = nn.Conv2d(32, 32, 3, padding=1)   # 14x14 -> pool 7x7
        self.conv4 = nn.Conv2d(32, 64, 3, padding=1)   # 7x7
        self.conv5 = nn.Conv2d(64, 64, 3, padding=1)   # 7x7 -> pool 3x3
        self.fc1 = nn.Linear(64 * 3 * 3, 128)
        self.fc2 = nn.Linear(128, 10)
        self.drop = nn.Dropout(0.3)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.relu(self.conv2(x))
        x = F.max_pool2d(F.relu(self.conv3(x)), 2)
        x = F.relu(self.conv4(x))
        x = F.max_pool2d(F.relu(self.conv5(x)), 2)
        x = torch.flatten(x, 1)
        x = self.drop(F.relu(self.fc1(x)))
        return self.fc2(x)


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        correct = sum(int((model(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum()) for i in range(0, x.shape[0], 1000))
    return correct, correct / x.shape[0]


def main():
    data_dir, out_path = sys.argv[1], sys.argv[2]
    epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    torch.manual_seed(20261130)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    xtr, ytr = load(data_dir, "train")
    xte, yte = load(data_dir, "t10k")

    model = Vgg7()
    print(f"parameters: {sum(p.numel() for p in model.parameters())}", flush=True)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    batch = 128
    steps = epochs * ((xtr.shape[0] + batch - 1) // batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, total_steps=steps, pct_start=0.2)
    gen = torch.Generator().manual_seed(1)
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(xtr.shape[0], generator=gen)
        flips = torch.rand(xtr.shape[0], generator=gen) < 0.5
        for i in range(0, xtr.shape[0], batch):
            idx = perm[i:i + batch]
            xb = xtr[idx]
            flip = flips[i:i + batch]
            xb = torch.where(flip[:, None, None, None], xb.flip(3), xb)  # mirrored garments are still the same class
            opt.zero_grad()
            loss = F.cross_entropy(model(xb), ytr[idx])
            loss.backward()
            opt.step()
            sched.step()
        correct, acc = accuracy(model, xte, yte)
        print(f"epoch {epoch + 1}: loss {loss.item():.4f}, test accuracy {acc:.4f}", flush=True)

    model.eval()
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), out_path, opset_version=13,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    print(f"final test accuracy {acc:.4f} ({correct} / {xte.shape[0]}); wrote {out_path}")


if __name__ == "__main__":
    main()
