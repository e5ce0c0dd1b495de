#!/usr/bin/python3
"""Reference values for axon's differential test against PyTorch (issue 2).

Builds small random MLPs in PyTorch (nn.Sequential of nn.Linear and activation modules, so the
parameter names "0.weight", "0.bias", "2.weight", ... are the ones axon::Sequential uses), runs
forward, a loss (plus optionally an L2 penalty on the weights) and backward, and records for each
case: the input, the targets or labels, the initial parameters, the forward output, the loss value,
and the gradient of every parameter and of the input.

Writes tests/data/mlp_reference.json, read by tests/reference/test_mlp_reference.cpp.
Every case is seeded (torch.manual_seed(kBaseSeed + case index)), so regenerating with the same
torch version writes the same file byte for byte.

Run with Debian's torch:  /usr/bin/python3 tests/reference/make_mlp_reference.py [output.json]

Mapping to axon (include/axon/ops/activation.hpp, include/axon/ops/loss.hpp, include/axon/layers/):
  activation name   axon::Activation(name, alpha)     PyTorch module
  identity          ops::identity                     nn.Identity
  step              ops::step (1 if x > 0 else 0)     Step below: forward (x > 0), gradient 0
  sigmoid / tanh    ops::sigmoid / ops::tanh          nn.Sigmoid / nn.Tanh
  relu              ops::relu                         nn.ReLU
  leaky_relu        ops::leaky_relu(x, alpha)         nn.LeakyReLU(alpha)
  elu               ops::elu(x, alpha)                nn.ELU(alpha)
  gelu              ops::gelu (exact, erf)            nn.GELU()
  gelu_tanh         ops::gelu(x, tanh)                nn.GELU(approximate="tanh")
  softmax           ops::softmax(x, -1)               nn.Softmax(dim=-1)
  log_softmax       ops::log_softmax(x, -1)           nn.LogSoftmax(dim=-1)

  loss name              axon                                  PyTorch
  mse                    ops::mse_loss(y, t, r)                F.mse_loss(y, t, reduction=r)
  se                     ops::se_loss(y, t)                    ((y - t) ** 2).sum()
  bce                    ops::bce_loss(p, t, r)                F.binary_cross_entropy(p, t, reduction=r)
  bce_with_logits        ops::bce_with_logits_loss(z, t, r)    F.binary_cross_entropy_with_logits(z, t, reduction=r)
  cross_entropy_labels   ops::cross_entropy(z, labels, r)      F.cross_entropy(z, labels, reduction=r)
  cross_entropy_probs    ops::cross_entropy(z, q, r)           F.cross_entropy(z, q, reduction=r)
  kl_div                 ops::kl_div(log_p, q, r)              F.kl_div(log_p, q, reduction="batchmean" | "sum")
  penalty l2_mean        + ops::l2_penalty_mean(W, λ, n)       + λ/(2n) Σ_W Σ w²   (weights only, not biases)
  penalty l2             + ops::l2_penalty(W, λ)               + λ Σ_W Σ w²
  The reduction is written in axon's terms: "mean" (kl_div: PyTorch's "batchmean") or "sum".
"""

import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

kBaseSeed = 20240
# Pre-activations of kinked activations (step, relu, leaky_relu, elu) must be at least this far from
# 0, so that float rounding on either side cannot flip a branch (step's output, relu's gradient).
kKinkMargin = 1e-3
kKinked = {"step", "relu", "leaky_relu", "elu"}


class StepFunction(torch.autograd.Function):
    """Heaviside step, 1 if x > 0 else 0; its derivative is 0 (axon documents the same)."""

    @staticmethod
    def forward(ctx, x):
        return (x > 0).to(x.dtype)

    @staticmethod
    def backward(ctx, dy):
        return torch.zeros_like(dy)


class Step(nn.Module):
    def forward(self, x):
        return StepFunction.apply(x)


def activation_module(name, alpha):
    return {
        "identity": lambda: nn.Identity(),
        "step": lambda: Step(),
        "sigmoid": lambda: nn.Sigmoid(),
        "tanh": lambda: nn.Tanh(),
        "relu": lambda: nn.ReLU(),
        "leaky_relu": lambda: nn.LeakyReLU(alpha),
        "elu": lambda: nn.ELU(alpha),
        "gelu": lambda: nn.GELU(),
        "gelu_tanh": lambda: nn.GELU(approximate="tanh"),
        "softmax": lambda: nn.Softmax(dim=-1),
        "log_softmax": lambda: nn.LogSoftmax(dim=-1),
    }[name]()


# (name, alpha): every activation of axon::Activation::names(), leaky_relu and elu with a
# non-default and the default alpha.
ACTIVATIONS = [
    ("identity", 0.0), ("step", 0.0), ("sigmoid", 0.0), ("tanh", 0.0), ("relu", 0.0),
    ("leaky_relu", 0.1), ("leaky_relu", 0.01), ("elu", 0.7), ("elu", 1.0), ("gelu", 0.0),
    ("gelu_tanh", 0.0), ("softmax", 0.0), ("log_softmax", 0.0),
]
# Activations for the other hidden layers of a case (smooth, so no margin is needed there).
FILLERS = [("tanh", 0.0), ("gelu", 0.0), ("sigmoid", 0.0), ("elu", 1.0), ("gelu_tanh", 0.0), ("softmax", 0.0)]

# Loss cases: (loss, reduction, target kind, penalty, lambda, output activation).
LOSSES = [
    ("mse", "mean", "normal", None, 0.0, ("identity", 0.0)),
    ("mse", "sum", "normal", None, 0.0, ("tanh", 0.0)),
    ("se", "sum", "normal", None, 0.0, ("identity", 0.0)),
    ("bce", "mean", "binary", None, 0.0, ("sigmoid", 0.0)),
    ("bce", "mean", "soft", None, 0.0, ("sigmoid", 0.0)),
    ("bce", "sum", "binary", None, 0.0, ("sigmoid", 0.0)),
    ("bce_with_logits", "mean", "binary", None, 0.0, ("identity", 0.0)),
    ("bce_with_logits", "mean", "soft", None, 0.0, ("identity", 0.0)),
    ("bce_with_logits", "sum", "binary", None, 0.0, ("identity", 0.0)),
    ("cross_entropy_labels", "mean", "labels", None, 0.0, ("identity", 0.0)),
    ("cross_entropy_labels", "sum", "labels", None, 0.0, ("identity", 0.0)),
    ("cross_entropy_probs", "mean", "probs", None, 0.0, ("identity", 0.0)),
    ("cross_entropy_probs", "mean", "onehot", None, 0.0, ("identity", 0.0)),
    ("cross_entropy_probs", "sum", "probs", None, 0.0, ("identity", 0.0)),
    ("kl_div", "mean", "probs", None, 0.0, ("log_softmax", 0.0)),
    ("kl_div", "mean", "onehot", None, 0.0, ("log_softmax", 0.0)),
    ("kl_div", "sum", "probs", None, 0.0, ("log_softmax", 0.0)),
    ("mse", "mean", "normal", "l2_mean", 0.3, ("identity", 0.0)),
    ("bce_with_logits", "mean", "binary", "l2_mean", 0.5, ("identity", 0.0)),
    ("mse", "mean", "normal", "l2", 0.05, ("identity", 0.0)),
    ("cross_entropy_labels", "mean", "labels", "l2", 0.02, ("identity", 0.0)),
]

BATCHES = [1, 17]
DTYPES = [("f32", torch.float32), ("f64", torch.float64)]


def activation_label(name, alpha):
    if name in ("leaky_relu", "elu"):
        return f"{name}{str(alpha).replace('.', 'p')}"
    return name


def make_targets(kind, n, o, dtype, gen):
    """Returns (targets tensor or None, labels list or None)."""
    if kind == "normal":
        return torch.randn(n, o, generator=gen, dtype=dtype), None
    if kind == "binary":
        return torch.randint(0, 2, (n, o), generator=gen).to(dtype), None
    if kind == "soft":
        return torch.rand(n, o, generator=gen, dtype=dtype), None
    if kind == "probs":
        return torch.softmax(1.5 * torch.randn(n, o, generator=gen, dtype=dtype), dim=-1), None
    if kind == "onehot":
        labels = torch.randint(0, o, (n,), generator=gen)
        return F.one_hot(labels, o).to(dtype), None
    if kind == "labels":
        labels = torch.randint(0, o, (n,), generator=gen)
        return None, [int(v) for v in labels]
    raise ValueError(kind)


def loss_value(loss, reduction, y, targets, labels):
    torch_reduction = reduction
    if loss == "mse":
        return F.mse_loss(y, targets, reduction=torch_reduction)
    if loss == "se":
        return ((y - targets) ** 2).sum()
    if loss == "bce":
        return F.binary_cross_entropy(y, targets, reduction=torch_reduction)
    if loss == "bce_with_logits":
        return F.binary_cross_entropy_with_logits(y, targets, reduction=torch_reduction)
    if loss == "cross_entropy_labels":
        return F.cross_entropy(y, torch.tensor(labels, dtype=torch.long), reduction=torch_reduction)
    if loss == "cross_entropy_probs":
        return F.cross_entropy(y, targets, reduction=torch_reduction)
    if loss == "kl_div":
        return F.kl_div(y, targets, reduction="batchmean" if reduction == "mean" else "sum")
    raise ValueError(loss)


def penalty_value(penalty, lam, n_samples, model):
    weights = [m.weight for m in model if isinstance(m, nn.Linear)]
    squares = sum((w ** 2).sum() for w in weights)
    if penalty == "l2_mean":
        return lam / (2 * n_samples) * squares
    if penalty == "l2":
        return lam * squares
    raise ValueError(penalty)


def number(v, is_f32):
    """A JSON number that parses (as a double) back to exactly v. For float32 the shortest float32
    repr is used when its double parse, rounded to float32, is v; otherwise the double's repr."""
    v = float(v)
    if not math.isfinite(v):
        raise ValueError(f"non-finite value {v}")
    if is_f32:
        short = repr(np.float32(v))
        short = short[len("np.float32("):-1] if short.startswith("np.float32(") else short
        if np.float32(float(short)) == np.float32(v):
            return float(short)
    return v


def tensor_json(t, is_f32):
    t = t.detach()
    return {"shape": list(t.shape), "data": [number(v, is_f32) for v in t.reshape(-1).tolist()]}


def build_case(index, spec):
    name, dtype, n, layers_act, out_act, loss, reduction, target_kind, penalty, lam = spec
    is_f32 = dtype == torch.float32
    # Retry with a new draw until every kinked pre-activation is at least kKinkMargin from 0.
    for attempt in range(200):
        gen = torch.Generator().manual_seed(kBaseSeed + 1000 * index + attempt)
        torch.manual_seed(kBaseSeed + 1000 * index + attempt)  # nn.Linear's init uses the global generator
        n_layers = len(layers_act) + 1
        widths = [int(torch.randint(5, 9, (1,), generator=gen)) for _ in range(n_layers)]
        o = int(torch.randint(3, 7, (1,), generator=gen))
        if loss in ("bce", "bce_with_logits", "mse") and index % 3 == 0:
            o = 1  # one output unit: the course's binary classifier
        widths.append(o)
        modules = []
        for i in range(n_layers):
            modules.append(nn.Linear(widths[i], widths[i + 1], dtype=dtype))
            act = layers_act[i] if i < len(layers_act) else out_act
            modules.append(activation_module(*act))
        model = nn.Sequential(*modules)
        x = (2.0 * torch.randn(n, widths[0], generator=gen, dtype=dtype)).requires_grad_()
        targets, labels = make_targets(target_kind, n, o, dtype, gen)

        pre_activations = []
        hooks = []
        for i, m in enumerate(modules):
            if i % 2 == 1:
                act = layers_act[i // 2] if i // 2 < len(layers_act) else out_act
                if act[0] in kKinked:
                    hooks.append(m.register_forward_hook(lambda mod, inp, out: pre_activations.append(inp[0])))
        initial = {k: v.detach().clone() for k, v in model.state_dict().items()}
        y = model(x)
        for h in hooks:
            h.remove()
        if any(float(z.abs().min()) < kKinkMargin for z in pre_activations):
            continue
        total = loss_value(loss, reduction, y, targets, labels)
        if penalty is not None:
            total = total + penalty_value(penalty, lam, n, model)
        total.backward()
        layers = []
        for i, m in enumerate(modules):
            if isinstance(m, nn.Linear):
                layers.append({"kind": "linear", "in": m.in_features, "out": m.out_features})
            else:
                act = layers_act[i // 2] if i // 2 < len(layers_act) else out_act
                layers.append({"kind": "activation", "name": act[0], "alpha": act[1]})
        case = {
            "name": name,
            "dtype": "float32" if is_f32 else "float64",
            "batch": n,
            "seed": kBaseSeed + 1000 * index + attempt,
            "layers": layers,
            "loss": {"name": loss, "reduction": reduction},
            "penalty": None if penalty is None else {"name": penalty, "lambda": lam, "n_samples": n},
            "input": tensor_json(x, is_f32),
            "targets": None if targets is None else tensor_json(targets, is_f32),
            "labels": labels,
            "parameters": {k: tensor_json(v, is_f32) for k, v in initial.items()},
            "output": tensor_json(y, is_f32),
            "loss_value": number(total.item(), is_f32),
            "gradients": {k: tensor_json(p.grad if p.grad is not None else torch.zeros_like(p), is_f32)
                          for k, p in model.named_parameters()},
            "input_gradient": tensor_json(x.grad, is_f32),
        }
        return case
    raise RuntimeError(f"{name}: no draw kept the kinked pre-activations {kKinkMargin} away from 0")


def case_specs():
    specs = []
    # Every activation, at the first hidden layer and (except step, whose gradient is 0) at the output,
    # under mse or se; 2, 3 or 4 Linear layers.
    k = 0
    for act in ACTIVATIONS:
        for dname, dtype in DTYPES:
            for n in BATCHES:
                n_layers = 2 + k % 3
                hidden = [act] + [FILLERS[(k + j) % len(FILLERS)] for j in range(n_layers - 2)]
                out_act = ("identity", 0.0) if act[0] == "step" else act
                loss = "mse" if k % 2 == 0 else "se"
                reduction = "mean" if loss == "mse" else "sum"
                name = f"act_{activation_label(*act)}_{loss}_L{n_layers}_n{n}_{dname}"
                specs.append((name, dtype, n, hidden, out_act, loss, reduction, "normal", None, 0.0))
                k += 1
    # Every loss and penalty; the hidden activations rotate through all of them.
    for loss, reduction, target_kind, penalty, lam, out_act in LOSSES:
        for dname, dtype in DTYPES:
            for n in BATCHES:
                if reduction == "sum" and n == 1:
                    continue  # with one sample, sum and mean coincide for per-sample losses
                n_layers = 2 + k % 3
                hidden = [ACTIVATIONS[(k + j) % len(ACTIVATIONS)] for j in range(n_layers - 1)]
                # step kills the gradient of every earlier layer: keep it out of the loss cases.
                hidden = [a if a[0] != "step" else ("relu", 0.0) for a in hidden]
                tag = f"{loss}_{reduction}_{target_kind}" + (f"_{penalty}" if penalty else "")
                name = f"loss_{tag}_L{n_layers}_n{n}_{dname}"
                specs.append((name, dtype, n, hidden, out_act, loss, reduction, target_kind, penalty, lam))
                k += 1
    return specs


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "data", "mlp_reference.json")
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    specs = case_specs()
    names = [s[0] for s in specs]
    assert len(names) == len(set(names)), "case names must be unique"
    cases = [build_case(i, spec) for i, spec in enumerate(specs)]
    document = {
        "generator": "tests/reference/make_mlp_reference.py",
        "torch_version": torch.__version__.split("+")[0],
        "cases": cases,
    }
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    with open(out_path, "w") as f:
        json.dump(document, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(out_path)} ({os.path.getsize(out_path) / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
