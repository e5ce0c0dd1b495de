#!/usr/bin/python3
"""Writes tests/data/layers_reference.json: PyTorch's BatchNorm1d and dropout values that
tests/layers/test_batch_norm.cpp and test_dropout.cpp compare axon against.

Run from the repository root with Debian's python3-torch:  /usr/bin/python3 tests/layers/make_layers_reference.py
Everything is float64 and seeded; the JSON is committed so the tests run without torch.
"""
import json
import os

import torch

torch.manual_seed(3)
torch.set_default_dtype(torch.float64)


def pack(t):
    t = t.detach().to(torch.float64)
    return {"shape": list(t.shape), "values": [float(v) for v in t.reshape(-1).tolist()]}


def batch_norm_case():
    n, c = 8, 4
    # Per-channel offsets and scales far from (0, 1), so normalisation has work to do.
    x = torch.randn(n, c) * torch.tensor([1.0, 3.0, 0.5, 10.0]) + torch.tensor([2.0, -5.0, 0.0, 100.0])
    weight = torch.rand(c) + 0.5
    bias = torch.randn(c)
    dy = torch.randn(n, c)
    steps = [x, torch.randn(6, c) * 2.0 + 1.0, torch.randn(5, c) * 0.5 - 3.0]  # three batch sizes: N/(N−1) differs
    x_eval = torch.randn(3, c) * 2.0
    dy_eval = torch.randn(3, c)

    bn = torch.nn.BatchNorm1d(c, eps=1e-5, momentum=0.1)
    with torch.no_grad():
        bn.weight.copy_(weight)
        bn.bias.copy_(bias)
    bn.train()
    xg = x.clone().requires_grad_()
    y = bn(xg)
    y.backward(dy)
    out = {
        "eps": 1e-5, "momentum": 0.1,
        "x": pack(x), "weight": pack(weight), "bias": pack(bias), "dy": pack(dy),
        "y": pack(y), "dx": pack(xg.grad), "dweight": pack(bn.weight.grad), "dbias": pack(bn.bias.grad),
        "running_mean_after_1": pack(bn.running_mean), "running_var_after_1": pack(bn.running_var),
    }
    with torch.no_grad():
        for xs in steps[1:]:
            bn(xs)
    out["steps"] = [pack(xs) for xs in steps]
    out["running_mean_after_3"] = pack(bn.running_mean)
    out["running_var_after_3"] = pack(bn.running_var)
    out["num_batches_tracked"] = int(bn.num_batches_tracked)

    bn.eval()
    bn.weight.grad = None
    bn.bias.grad = None
    xe = x_eval.clone().requires_grad_()
    ye = bn(xe)
    ye.backward(dy_eval)
    out.update({"x_eval": pack(x_eval), "dy_eval": pack(dy_eval), "y_eval": pack(ye), "dx_eval": pack(xe.grad),
                "dweight_eval": pack(bn.weight.grad), "dbias_eval": pack(bn.bias.grad)})
    return out


def dropout_case():
    p = 0.3
    x = torch.randn(6, 5)
    mask = (torch.rand(6, 5) >= p).to(torch.float64)
    dy = torch.randn(6, 5)
    xg = x.clone().requires_grad_()
    y = xg * mask / (1 - p)  # what torch.nn.functional.dropout computes for a given mask
    y.backward(dy)
    return {"p": p, "x": pack(x), "mask": pack(mask), "dy": pack(dy), "y": pack(y), "dx": pack(xg.grad)}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "data", "layers_reference.json")
    data = {"generator": "tests/layers/make_layers_reference.py", "torch": torch.__version__,
            "batch_norm": batch_norm_case(), "dropout": dropout_case()}
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
