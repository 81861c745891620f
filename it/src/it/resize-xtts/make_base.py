"""A small XTTS v2-like base model folder, made with Debian's python3-torch: vocab.json (a Hugging Face BPE with
[STOP] 0, [UNK] 1, [SPACE] 2, characters, learned merges, language tags), model.pth as Coqui's trainer saves it
({'config': a pickled XttsConfig, 'model': state dict, 'optimizer', 'step'}) with max id + 1 text rows, config.json.

usage: make_base.py OUT_DIR          |  make_base.py load PTH (prints {name: shape} from torch.load(weights_only=True))
"""
import collections
import json
import os
import sys
import types

import torch

TEXT = ("the quick brown fox jumps over the lazy dog and then there was another thing. "
        "she said that they were going to the station in the morning, weren't they? "
        "twelve point five seconds, one hundred thousand people; the weather is nice today.")


def vocab(out):
    words = collections.Counter(TEXT.replace(".", " . ").replace(",", " , ").replace("?", " ? ").replace(";", " ; ").split())
    chars = sorted({c for w in words for c in w} | set("0123456789.,!?'-"))
    ids = {"[STOP]": 0, "[UNK]": 1, "[SPACE]": 2}
    for c in chars:
        ids[c] = len(ids)
    split = {w: list(w) for w in words}
    merges = []
    for _ in range(60):
        pairs = collections.Counter()
        for w, n in words.items():
            s = split[w]
            for a, b in zip(s, s[1:]):
                pairs[(a, b)] += n
        if not pairs:
            break
        (a, b), _ = pairs.most_common(1)[0]
        merges.append(a + " " + b)
        ids.setdefault(a + b, len(ids))
        for w in split:
            s, t, i = split[w], [], 0
            while i < len(s):
                if i + 1 < len(s) and s[i] == a and s[i + 1] == b:
                    t.append(a + b)
                    i += 2
                else:
                    t.append(s[i])
                    i += 1
            split[w] = t
    added = []
    for special in ("[STOP]", "[UNK]", "[SPACE]"):
        added.append(token(ids[special], special))
    for tag in ("[en]", "[es]"):
        ids[tag] = len(ids)
        added.append(token(ids[tag], tag))
    tokenizer = {"version": "1.0", "truncation": None, "padding": None, "added_tokens": added, "normalizer": None,
                 "pre_tokenizer": {"type": "Whitespace"}, "post_processor": None, "decoder": None,
                 "model": {"type": "BPE", "dropout": None, "unk_token": "[UNK]", "continuing_subword_prefix": None,
                           "end_of_word_suffix": None, "fuse_unk": False, "vocab": ids, "merges": merges}}
    with open(os.path.join(out, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer, f, ensure_ascii=False, indent=2)
    return max(ids.values()) + 1


def token(i, content):
    return {"id": i, "content": content, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False,
            "special": True}


def model(out, rows, dim=16):
    for name in ("TTS", "TTS.tts", "TTS.tts.configs", "TTS.tts.configs.xtts_config"):
        sys.modules.setdefault(name, types.ModuleType(name))

    class XttsConfig:
        pass

    XttsConfig.__module__ = "TTS.tts.configs.xtts_config"
    XttsConfig.__qualname__ = "XttsConfig"
    sys.modules["TTS.tts.configs.xtts_config"].XttsConfig = XttsConfig
    config = XttsConfig()
    config.temperature = 0.75
    g = torch.Generator().manual_seed(3)
    sd = collections.OrderedDict()
    sd["gpt.text_embedding.weight"] = torch.randn(rows, dim, generator=g) * 0.02
    sd["gpt.gpt.h.0.attn.c_attn.weight"] = torch.randn(dim, 3 * dim, generator=g)
    sd["gpt.text_head.weight"] = torch.randn(rows, dim, generator=g) * 0.02
    sd["gpt.text_head.bias"] = torch.zeros(rows)
    torch.save({"config": config, "model": sd, "optimizer": {"param_groups": [{"lr": 5e-6}]}, "step": 10},
               os.path.join(out, "model.pth"))
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump({"model": "xtts", "languages": ["en", "es"], "model_args": {"gpt_number_text_tokens": rows}}, f, indent=4)


if __name__ == "__main__":
    if sys.argv[1] == "load":
        sd = torch.load(sys.argv[2], map_location="cpu", weights_only=True)
        print(json.dumps({"keys": sorted(sd.keys()), "shapes": {k: list(v.shape) for k, v in sd["model"].items()}}))
    else:
        os.makedirs(sys.argv[1], exist_ok=True)
        model(sys.argv[1], vocab(sys.argv[1]))
