#!/usr/bin/python3
"""Writes tests/data/optim_reference.json: torch.optim updates, lr_scheduler rates and clip_grad_norm_
results that tests/optim/test_optim_reference.cpp compares axon with.

Regenerate (needs torch and numpy; Debian: python3-torch python3-numpy):
    /usr/bin/python3 tests/optim/make_optim_reference.py            # writes tests/data/optim_reference.json
    /usr/bin/python3 tests/optim/make_optim_reference.py OUT.json   # somewhere else (CI compares)
The fixture is committed, so the C++ test runs without torch.

Every number is a float32-representable double, so the float64 and the float32 runs start from the
same values; "expected_f64" comes from torch in float64, "expected_f32" from torch in float32.
Option names are axon's (SGDOptions, AdamOptions, ...); `torch_kwargs` maps them to torch's.
"""
import json
import math
import sys
from pathlib import Path

import numpy as np
import torch

STEPS = 5
PARAMS = [("0.weight", [3, 4]), ("0.bias", [3]), ("1.weight", [2, 3, 2]), ("1.bias", [2])]
# Gradient scale per step: varies so that AMSGrad's running maximum and the adaptive methods matter.
GRAD_SCALE = [1.0, 0.1, 2.0, 0.5, 1.0]


def f32(values):
    return np.asarray(values, dtype=np.float32).astype(np.float64)


def make_case_data(seed):
    rng = np.random.RandomState(seed)
    initial = [f32(rng.uniform(-1, 1, size=shape)) for _, shape in PARAMS]
    grads = []
    for step in range(STEPS):
        gs = [f32(rng.normal(0, GRAD_SCALE[step], size=shape)) for _, shape in PARAMS]
        gs[0].flat[step] = 0.0  # a zero gradient element: exercises eps paths
        grads.append(gs)
    return initial, grads


def torch_optimizer(kind, groups, o):
    if kind == "sgd":
        ema = o.get("momentum_form") == "ema"
        return torch.optim.SGD(groups, lr=o["lr"], momentum=o.get("momentum", 0.0),
                               dampening=o.get("momentum", 0.0) if ema else o.get("dampening", 0.0),
                               nesterov=o.get("nesterov", False))
    if kind == "adagrad":
        return torch.optim.Adagrad(groups, lr=o.get("lr", 1e-2), lr_decay=o.get("lr_decay", 0.0),
                                   initial_accumulator_value=o.get("initial_accumulator_value", 0.0),
                                   eps=o.get("eps", 1e-10))
    if kind == "rmsprop":
        return torch.optim.RMSprop(groups, lr=o.get("lr", 1e-2), alpha=o.get("alpha", 0.99), eps=o.get("eps", 1e-8),
                                   momentum=o.get("momentum", 0.0), centered=o.get("centered", False))
    if kind in ("adam", "adamw"):
        cls = torch.optim.Adam if kind == "adam" else torch.optim.AdamW
        return cls(groups, lr=o.get("lr", 1e-3), betas=(o.get("beta1", 0.9), o.get("beta2", 0.999)),
                   eps=o.get("eps", 1e-8), amsgrad=o.get("amsgrad", False))
    if kind == "adadelta":
        return torch.optim.Adadelta(groups, lr=o.get("lr", 1.0), rho=o.get("rho", 0.9), eps=o.get("eps", 1e-6))
    raise ValueError(kind)


def default_weight_decay(kind):
    return 1e-2 if kind == "adamw" else 0.0


def run_optimizer(case, initial, grads, dtype):
    kind, o = case["optimizer"], case["options"]
    params = [torch.tensor(v, dtype=dtype).requires_grad_() for v in initial]
    wd = o.get("weight_decay", default_weight_decay(kind))
    decay = [p["decay"] for p in case["params"]]
    groups = [{"params": [p for p, d in zip(params, decay) if d], "weight_decay": wd},
              {"params": [p for p, d in zip(params, decay) if not d], "weight_decay": 0.0}]
    groups = [g for g in groups if g["params"]]
    opt = torch_optimizer(kind, groups, o)
    out = []
    for step in range(STEPS):
        for p, g in zip(params, grads[step]):
            p.grad = torch.tensor(g, dtype=dtype)
        opt.step()
        out.append([p.detach().to(torch.float64).flatten().tolist() for p in params])
    return out


OPTIMIZERS = [
    ("sgd", "sgd", {"lr": 0.1}),
    ("sgd_heavy_ball", "sgd", {"lr": 0.1, "momentum": 0.9}),
    ("sgd_nesterov", "sgd", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("sgd_weight_decay", "sgd", {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01}),
    ("sgd_weight_decay_no_momentum", "sgd", {"lr": 0.1, "weight_decay": 0.05}),
    ("sgd_dampening", "sgd", {"lr": 0.1, "momentum": 0.8, "dampening": 0.3}),
    # axon's EMA form (note 003) is torch's heavy ball with dampening = momentum.
    ("sgd_ema_as_dampening", "sgd", {"lr": 0.1, "momentum": 0.9, "momentum_form": "ema"}),
    ("adagrad", "adagrad", {"lr": 0.1}),
    ("adagrad_options", "adagrad",
     {"lr": 0.1, "lr_decay": 0.01, "initial_accumulator_value": 0.1, "weight_decay": 0.01}),
    ("rmsprop", "rmsprop", {"lr": 0.01}),
    ("rmsprop_momentum", "rmsprop", {"lr": 0.01, "momentum": 0.9}),
    ("rmsprop_centered", "rmsprop", {"lr": 0.01, "momentum": 0.5, "centered": True, "weight_decay": 0.01}),
    ("adam", "adam", {"lr": 0.01}),
    ("adam_weight_decay", "adam", {"lr": 0.01, "weight_decay": 0.1}),
    ("adam_amsgrad", "adam", {"lr": 0.01, "beta1": 0.8, "beta2": 0.99, "amsgrad": True}),
    ("adamw", "adamw", {"lr": 0.01, "weight_decay": 0.1}),
    ("adamw_default_decay", "adamw", {"lr": 0.01}),
    ("adadelta", "adadelta", {}),
    ("adadelta_options", "adadelta", {"lr": 0.5, "rho": 0.95, "eps": 1e-5, "weight_decay": 0.01}),
]
# Cases where biases are exempt from weight decay (axon's default for named parameters).
EXEMPT = {"sgd_weight_decay", "adagrad_options", "rmsprop_centered", "adam_weight_decay", "adamw",
          "adadelta_options"}


def optimizer_cases():
    cases = []
    for seed, (name, kind, options) in enumerate(OPTIMIZERS, start=1):
        for exempt in ([False, True] if name in EXEMPT else [False]):
            initial, grads = make_case_data(seed)
            case = {"name": name + ("_bias_exempt" if exempt else ""), "optimizer": kind, "options": options,
                    "params": [{"name": n, "shape": s, "decay": not (exempt and n.endswith("bias")),
                                "initial": v.flatten().tolist()} for (n, s), v in zip(PARAMS, initial)],
                    "grads": [[g.flatten().tolist() for g in gs] for gs in grads]}
            case["expected_f64"] = run_optimizer(case, initial, grads, torch.float64)
            case["expected_f32"] = run_optimizer(case, initial, grads, torch.float32)
            cases.append(case)
    return cases


EPOCHS = 10
PLATEAU_METRICS = [1.0, 0.9, 0.9, 0.95, 0.91, 0.8, 0.8, 0.8, 0.8, 0.7]
SCHEDULES = [
    ("constant", "constant", {}, None),
    ("constant_warmup", "constant", {"factor": 0.5, "total_epochs": 3}, None),
    ("step", "step", {"step_size": 3, "gamma": 0.5}, None),
    ("exponential", "exponential", {"gamma": 0.9}, None),
    ("cosine", "cosine", {"t_max": 10, "eta_min": 0.0}, None),
    ("cosine_past_t_max", "cosine", {"t_max": 4, "eta_min": 0.001}, None),
    ("plateau", "plateau", {"patience": 1, "factor": 0.5, "min_lr": 0.03}, PLATEAU_METRICS),
    ("plateau_cooldown", "plateau", {"patience": 0, "factor": 0.5, "cooldown": 2, "threshold": 0.05},
     PLATEAU_METRICS),
    ("plateau_max", "plateau", {"patience": 1, "factor": 0.1, "maximize": True},
     [0.5, 0.6, 0.6, 0.59, 0.7, 0.7, 0.7, 0.7, 0.71, 0.8]),
]


def torch_scheduler(kind, opt, o):
    s = torch.optim.lr_scheduler
    if kind == "constant":
        return s.ConstantLR(opt, factor=o.get("factor", 1.0), total_iters=o.get("total_epochs", 0))
    if kind == "step":
        return s.StepLR(opt, step_size=o["step_size"], gamma=o.get("gamma", 0.1))
    if kind == "exponential":
        return s.ExponentialLR(opt, gamma=o["gamma"])
    if kind == "cosine":
        return s.CosineAnnealingLR(opt, T_max=o["t_max"], eta_min=o.get("eta_min", 0.0))
    if kind == "plateau":
        return s.ReduceLROnPlateau(opt, mode="max" if o.get("maximize") else "min", factor=o.get("factor", 0.1),
                                   patience=o.get("patience", 10), threshold=o.get("threshold", 1e-4),
                                   cooldown=o.get("cooldown", 0), min_lr=o.get("min_lr", 0.0))
    raise ValueError(kind)


def schedule_cases():
    cases = []
    for name, kind, options, metrics in SCHEDULES:
        base_lr = 0.1
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=base_lr)
        sched = torch_scheduler(kind, opt, options)
        lrs = [opt.param_groups[0]["lr"]]
        for epoch in range(EPOCHS):
            p.grad = torch.zeros(1)
            opt.step()
            if metrics is None:
                sched.step()
            else:
                sched.step(metrics[epoch])
            lrs.append(opt.param_groups[0]["lr"])
        cases.append({"name": name, "scheduler": kind, "options": options, "base_lr": base_lr, "metrics": metrics,
                      "lrs": lrs})
    return cases


CLIPS = [("l2_clipped", 1.0, 2.0), ("l2_not_clipped", 100.0, 2.0), ("inf_clipped", 0.5, math.inf),
         ("l1_clipped", 2.0, 1.0), ("l3_clipped", 1.0, 3.0)]


def clip_cases():
    cases = []
    for seed, (name, max_norm, norm_type) in enumerate(CLIPS, start=100):
        _, grads = make_case_data(seed)
        gs = grads[0]
        params = [torch.zeros(s, dtype=torch.float64, requires_grad=True) for _, s in PARAMS]
        for p, g in zip(params, gs):
            p.grad = torch.tensor(g, dtype=torch.float64)
        norm = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type).item()
        cases.append({"name": name, "max_norm": max_norm, "norm_type": "inf" if math.isinf(norm_type) else norm_type,
                      "shapes": [s for _, s in PARAMS], "grads": [g.flatten().tolist() for g in gs], "norm": norm,
                      "clipped": [p.grad.flatten().tolist() for p in params]})
    return cases


def main():
    torch.set_default_dtype(torch.float64)
    out_path = Path(sys.argv[1]) if len(sys.argv) > 1 else \
        Path(__file__).resolve().parent.parent / "data" / "optim_reference.json"
    data = {"generator": "tests/optim/make_optim_reference.py", "torch_version": torch.__version__,
            "steps": STEPS, "optimizers": optimizer_cases(), "schedules": schedule_cases(), "clip": clip_cases()}
    # One case per line: readable diffs without one line per number.
    compact = lambda v: json.dumps(v, separators=(",", ":"))
    lines = ["{"]
    for i, (key, value) in enumerate(data.items()):
        end = "," if i + 1 < len(data) else ""
        if isinstance(value, list):
            lines.append(f' "{key}": [')
            lines += ["  " + compact(item) + ("," if j + 1 < len(value) else "") for j, item in enumerate(value)]
            lines.append(" ]" + end)
        else:
            lines.append(f' "{key}": {compact(value)}{end}')
    lines.append("}")
    out_path.write_text("\n".join(lines) + "\n")
    print(f"wrote {out_path}: {len(data['optimizers'])} optimiser cases, {len(data['schedules'])} schedules, "
          f"{len(data['clip'])} clip cases (torch {torch.__version__})")


if __name__ == "__main__":
    main()
