"""Fixture checkpoints in the peers' real layouts, made by Debian's python3-torch for the Java tests.

usage: peer_fixtures.py make OUT_DIR XTTS_ROWS INDEX_ROWS DIM
       peer_fixtures.py load PTH      (torch.load(weights_only=True); prints {name: shape} as JSON, plus rows checks)
"""
import json
import os
import sys
import types
from collections import OrderedDict

import torch


def xtts_config_class():
    # A stand-in for Coqui's TTS.tts.configs.xtts_config.XttsConfig, pickled under that very name.
    for name in ("TTS", "TTS.tts", "TTS.tts.configs", "TTS.tts.configs.xtts_config"):
        sys.modules.setdefault(name, types.ModuleType(name))

    class XttsConfig:
        def __init__(self):
            self.model = "xtts"
            self.temperature = 0.75
            self.languages = ["en", "es"]

    XttsConfig.__module__ = "TTS.tts.configs.xtts_config"
    XttsConfig.__qualname__ = "XttsConfig"
    sys.modules["TTS.tts.configs.xtts_config"].XttsConfig = XttsConfig
    return XttsConfig


def make(out, xtts_rows, index_rows, dim):
    g = torch.Generator().manual_seed(7)
    sd = OrderedDict()
    sd["gpt.conditioning_encoder.init.weight"] = torch.randn(dim, 80, 1, generator=g)
    sd["gpt.text_embedding.weight"] = torch.randn(xtts_rows, dim, generator=g) * 0.02
    sd["gpt.mel_embedding.weight"] = torch.randn(11, dim, generator=g)
    sd["gpt.gpt.h.0.attn.c_attn.weight"] = torch.randn(dim, 3 * dim, generator=g)
    sd["gpt.gpt.h.0.ln_1.weight"] = torch.ones(dim, dtype=torch.float16)
    sd["gpt.text_head.weight"] = torch.randn(xtts_rows, dim, generator=g) * 0.02
    sd["gpt.text_head.bias"] = torch.randn(xtts_rows, generator=g) * 0.01
    sd["gpt.mel_head.weight"] = torch.randn(11, dim, generator=g)
    sd["mel_stats"] = torch.arange(80, dtype=torch.float32)
    config = xtts_config_class()()
    optimizer = {"state": {0: {"exp_avg": torch.zeros(3)}}, "param_groups": [{"lr": 5e-6}]}
    torch.save({"config": config, "model": sd, "optimizer": optimizer, "step": 1000}, os.path.join(out, "model.pth"))
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump({"model": "xtts", "languages": ["en", "es"],
                   "model_args": {"gpt_number_text_tokens": xtts_rows, "gpt_layers": 1, "gpt_n_model_channels": dim}}, f, indent=4)

    # IndexTTS2: gpt.pth is a plain state dict of UnifiedVoice; text rows = number_text_tokens + 1 (the spare row).
    ix = OrderedDict()
    ix["conditioning_encoder.embed.conv.0.weight"] = torch.randn(dim, 1, 3, 3, generator=g)
    ix["text_embedding.weight"] = torch.randn(index_rows + 1, dim, generator=g) * 0.02
    ix["mel_embedding.weight"] = torch.randn(13, dim, generator=g)
    ix["gpt.h.0.mlp.c_fc.weight"] = torch.randn(dim, 4 * dim, generator=g)
    ix["text_head.weight"] = torch.randn(index_rows + 1, dim, generator=g) * 0.02
    ix["text_head.bias"] = torch.randn(index_rows + 1, generator=g) * 0.01
    ix["mel_head.weight"] = torch.randn(13, dim, generator=g)
    # views as torch.save keeps them: a slice at an offset of a shared storage, and a transposed (strided) one
    shared = torch.arange(40, dtype=torch.float32)
    ix["mel_head.bias"] = shared[3:16]
    ix["final_norm.weight"] = shared[20:32].reshape(3, 4).t()
    torch.save(ix, os.path.join(out, "gpt.pth"))
    with open(os.path.join(out, "config.yaml"), "w") as f:
        f.write(
            "dataset:\n    bpe_model: bpe.model\n    sample_rate: 24000\n\n"
            "gpt:\n    model_dim: %d\n    max_text_tokens: 600\n    number_text_tokens: %d  # the bpe.model size\n"
            "    number_mel_codes: 13\n    start_text_token: 0\n    stop_text_token: 1\n\n"
            "semantic_codec:\n    number_text_tokens: 99\n\n"
            "gpt_checkpoint: gpt.pth\nw2v_stat: wav2vec2bert_stats.pt\nversion: 2.0\n" % (dim, index_rows))


def load(path):
    obj = torch.load(path, map_location="cpu", weights_only=True)
    sd = obj["model"] if "model" in obj else obj
    out = {"keys": sorted(obj.keys()) if "model" in obj else None,
           "shapes": {k: list(v.shape) for k, v in sd.items()},
           "dtypes": {k: str(v.dtype) for k, v in sd.items()},
           "sums": {k: float(v.double().sum()) for k, v in sd.items()}}
    print(json.dumps(out))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    else:
        load(sys.argv[2])
