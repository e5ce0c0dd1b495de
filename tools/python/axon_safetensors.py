"""Read and write safetensors files with nothing but torch (Debian 12 has no python3-safetensors).

    from axon_safetensors import save_file, load_file
    save_file(model.state_dict(), "weights.safetensors")      # PyTorch -> axon (axon import / train --init)
    model.load_state_dict(load_file("exported.safetensors"))  # axon export -> PyTorch

Same call signatures as safetensors.torch.save_file / load_file, for float32 and float64 tensors.
"""
import json
import struct

import torch

_DTYPES = {torch.float32: "F32", torch.float64: "F64"}
_TORCH = {v: k for k, v in _DTYPES.items()}


def save_file(tensors, path, metadata=None):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        if t.dtype not in _DTYPES:
            raise ValueError(f"{name}: dtype {t.dtype} is not float32/float64")
        data = t.numpy().tobytes()
        header[name] = {"dtype": _DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def load_file(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    header.pop("__metadata__", None)
    out = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        buf = bytearray(raw[8 + n + begin : 8 + n + end])
        out[name] = torch.frombuffer(buf, dtype=_TORCH[entry["dtype"]]).reshape(entry["shape"]).clone()
    return out
