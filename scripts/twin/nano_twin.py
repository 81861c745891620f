#!/usr/bin/env python3
"""PyTorch-eager twin of Fidel's TrainingStepBench: the same SpeechGpt (dev.fidel.model), the same synthetic
batch, loss, AdamW groups and gradient clipping, written the way a PyTorch user would write it.

Usage: scripts/twin/nano_twin.py [PRESET] [STEPS] [BATCH] [CODES]   (threads: FIDEL_THREADS, default 2)

Prints one line like TrainingStepBench's ("... ms/step, ... code tokens/s, forward only ... ms") and the
time of each phase (forward + loss, backward, clip + AdamW + zero).
"""
import math
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# GptConfig presets with SyntheticBatch's vocabularies (241 text pieces, 256 codes).
PRESETS = {
    "nano": dict(width=256, layers=4, heads=4, dropout=0.1, text=241, codes=256, max_text=256, max_codes=800,
                 latents=8, mels=80),
    "small": dict(width=512, layers=8, heads=8, dropout=0.1, text=241, codes=256, max_text=402, max_codes=1200,
                  latents=32, mels=80),
}


def attend(q, k, v, heads, bias):
    """Attention.attend: heads split, scaled scores plus an additive bias, softmax, mix."""
    b, tq, d = q.shape
    hw = d // heads
    qh = q.view(b, tq, heads, hw).transpose(1, 2)
    kh = k.reshape(b, k.shape[1], heads, hw).transpose(1, 2)
    vh = v.reshape(b, v.shape[1], heads, hw).transpose(1, 2)
    scores = qh @ kh.transpose(-1, -2) * (1.0 / math.sqrt(hw))
    if bias is not None:
        scores = scores + bias
    return (scores.softmax(-1) @ vh).transpose(1, 2).reshape(b, -1, d)


class GptBlock(nn.Module):
    def __init__(self, d, heads, dropout):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(d)
        self.queryKeyValue = nn.Linear(d, 3 * d)
        self.attentionOut = nn.Linear(d, d)
        self.norm2 = nn.LayerNorm(d)
        self.expand = nn.Linear(d, 4 * d)
        self.contract = nn.Linear(4 * d, d)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, bias=None):
        q, k, v = self.queryKeyValue(self.norm1(x)).chunk(3, dim=2)
        x = x + self.dropout(self.attentionOut(attend(q, k, v, self.heads, bias)))
        return x + self.dropout(self.contract(F.gelu(self.expand(self.norm2(x)))))


class PerceiverResampler(nn.Module):
    def __init__(self, count, d, heads):
        super().__init__()
        self.heads = heads
        self.latents = nn.Parameter(torch.empty(count, d))
        self.latentNorm = nn.LayerNorm(d)
        self.contextNorm = nn.LayerNorm(d)
        self.query = nn.Linear(d, d)
        self.keyValue = nn.Linear(d, 2 * d)
        self.attentionOut = nn.Linear(d, d)
        self.mlpNorm = nn.LayerNorm(d)
        self.expand = nn.Linear(d, 4 * d)
        self.contract = nn.Linear(4 * d, d)
        self.outNorm = nn.LayerNorm(d)

    def forward(self, context):
        x = self.latents.unsqueeze(0).expand(context.shape[0], -1, -1)
        q = self.query(self.latentNorm(x))
        k, v = self.keyValue(self.contextNorm(context)).chunk(2, dim=2)
        x = x + self.attentionOut(attend(q, k, v, self.heads, None))
        x = x + self.contract(F.gelu(self.expand(self.mlpNorm(x))))
        return self.outNorm(x)


class ConditioningEncoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.melIn = nn.Linear(c["mels"], c["width"])
        self.context = GptBlock(c["width"], c["heads"], c["dropout"])
        self.resampler = PerceiverResampler(c["latents"], c["width"], c["heads"])

    def forward(self, reference):
        return self.resampler(self.context(self.melIn(reference)))


class SpeechGpt(nn.Module):
    def __init__(self, c):
        super().__init__()
        d = c["width"]
        self.conditioning = ConditioningEncoder(c)
        self.textEmbedding = nn.Embedding(c["text"] + 2, d)
        self.textPositions = nn.Embedding(c["max_text"] + 2, d)
        self.codeEmbedding = nn.Embedding(c["codes"] + 2, d)
        self.codePositions = nn.Embedding(c["max_codes"] + 2, d)
        self.embeddingDropout = nn.Dropout(c["dropout"])
        self.blocks = nn.ModuleList(GptBlock(d, c["heads"], c["dropout"]) for _ in range(c["layers"]))
        self.finalNorm = nn.LayerNorm(d)
        self.textHead = nn.Linear(d, c["text"] + 2)
        self.codeHead = nn.Linear(d, c["codes"] + 2)
        for name, p in self.named_parameters():   # SeededNormalInitializer(0.02) on weights; zero biases
            if "Norm" in name or "norm" in name:
                continue
            nn.init.normal_(p, 0, 0.02) if not name.endswith("bias") else nn.init.zeros_(p)

    def forward(self, reference, text, text_lengths, codes, code_lengths):
        b, tt = text.shape
        tc = codes.shape[1]
        latents = self.conditioning(reference)
        n = latents.shape[1]
        dev = text.device
        x = torch.cat([latents,
                       self.textEmbedding(text) + self.textPositions(torch.arange(tt, device=dev)),
                       self.codeEmbedding(codes) + self.codePositions(torch.arange(tc, device=dev))], 1)
        x = self.embeddingDropout(x)
        valid = torch.cat([torch.ones(b, n, dtype=torch.bool, device=dev),
                           torch.arange(tt, device=dev)[None] < text_lengths[:, None],
                           torch.arange(tc, device=dev)[None] < code_lengths[:, None]], 1)
        t = valid.shape[1]
        allowed = torch.ones(t, t, dtype=torch.bool, device=dev).tril()[None, None] & valid[:, None, None, :]
        bias = torch.zeros(allowed.shape, device=dev).masked_fill(~allowed, -1e9)
        for block in self.blocks:
            x = block(x, bias)
        x = self.finalNorm(x)
        return self.textHead(x[:, n:n + tt]), self.codeHead(x[:, n + tt:])


def shifted_cross_entropy(logits, tokens, lengths):
    """TtsLoss.shiftedCrossEntropy: mean over positions t with t + 1 < length of -log p(token[t+1])."""
    targets = tokens[:, 1:]
    losses = F.cross_entropy(logits[:, :-1].transpose(1, 2), targets, reduction="none")
    valid = (torch.arange(targets.shape[1], device=tokens.device)[None] < (lengths - 1)[:, None]).float()
    return (losses * valid).sum() / valid.sum()


def synthetic_batch(c, batch, code_count, frames=64):
    """SyntheticBatch: ~25 text tokens and code_count codes per row, a silent 64-frame reference."""
    g = torch.Generator().manual_seed(1)
    text = torch.randint(0, c["text"], (batch, 25), generator=g)
    codes = torch.randint(0, c["codes"], (batch, code_count), generator=g)
    def framed(rows, start, stop):
        return torch.cat([torch.full((batch, 1), start), rows, torch.full((batch, 1), stop)], 1)
    return (torch.zeros(batch, frames, c["mels"]), framed(text, c["text"], c["text"] + 1),
            torch.full((batch,), 27), framed(codes, c["codes"], c["codes"] + 1),
            torch.full((batch,), code_count + 2))


def main():
    preset = sys.argv[1] if len(sys.argv) > 1 else "nano"
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    batch = int(sys.argv[3]) if len(sys.argv) > 3 else 16
    code_count = int(sys.argv[4]) if len(sys.argv) > 4 else 75
    threads = int(os.environ.get("FIDEL_THREADS", "2"))
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    c = PRESETS[preset]
    model = SpeechGpt(c)
    # ParameterGroups: decay on Linear weight matrices only.
    decayed = [m.weight for m in model.modules() if isinstance(m, nn.Linear)]
    ids = {id(p) for p in decayed}
    others = [p for p in model.parameters() if id(p) not in ids]
    optimizer = torch.optim.AdamW([{"params": decayed, "weight_decay": 0.01}, {"params": others, "weight_decay": 0.0}],
                                  lr=1e-4, betas=(0.9, 0.96), eps=1e-8)
    inputs = synthetic_batch(c, batch, code_count)
    code_tokens = batch * (code_count + 1)
    phases = [0.0, 0.0, 0.0]

    def step(timed):
        t0 = time.perf_counter()
        text_logits, code_logits = model(*inputs)
        loss = 0.01 * shifted_cross_entropy(text_logits, inputs[1], inputs[2]) \
            + shifted_cross_entropy(code_logits, inputs[3], inputs[4])
        loss.item()
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=False)
        t3 = time.perf_counter()
        if timed:
            phases[0] += t1 - t0
            phases[1] += t2 - t1
            phases[2] += t3 - t2
        return t3 - t0

    model.train()
    for _ in range(2):
        step(False)
    cpu = time.process_time()
    seconds = sum(step(True) for _ in range(steps))
    cpu = time.process_time() - cpu
    model.eval()
    with torch.no_grad():
        model(*inputs)
        start = time.perf_counter()
        for _ in range(steps):
            model(*inputs)[1][0, 0, 0].item()
        forward = (time.perf_counter() - start) / steps
    count = sum(p.numel() for p in model.parameters())
    print(f"twin {preset} (torch {torch.__version__}, {count:,} parameters): batch {batch} x {code_count} codes, "
          f"{threads} thread(s): {seconds / steps * 1000:.0f} ms/step, {code_tokens * steps / seconds:.0f} code tokens/s, "
          f"process CPU {cpu / steps * 1000:.0f} ms/step, forward only {forward * 1000:.0f} ms; phases: forward+loss {phases[0] / steps * 1000:.0f} ms, "
          f"backward {phases[1] / steps * 1000:.0f} ms, clip+AdamW+zero {phases[2] / steps * 1000:.0f} ms")


if __name__ == "__main__":
    main()
