"""Precision-recall curve over the confidence threshold and a reliability diagram."""

from __future__ import annotations

from pathlib import Path

from despin.evaluation.harness import Report


def plot(reports: list[Report], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (pr, rel) = plt.subplots(1, 2, figsize=(11, 4.5))
    for r in reports:
        pr.plot([p["recall"] for p in r.curve], [p["precision"] for p in r.curve], label=r.name)
        rel.plot(
            [b["confidence"] for b in r.calibration],
            [b["accuracy"] for b in r.calibration],
            marker="o",
            label=f"{r.name} (ECE {r.ece:.3f})",
        )
    pr.set(
        title="Restoration: precision vs recall over the confidence threshold",
        xlabel="recall",
        ylabel="precision",
        xlim=(0, 1),
        ylim=(0, 1.02),
    )
    rel.plot([0, 1], [0, 1], "k--", lw=0.8, label="perfect calibration")
    rel.set(
        title="Reliability of edit confidences",
        xlabel="confidence",
        ylabel="share of edits that are right",
        xlim=(0, 1),
        ylim=(0, 1.02),
    )
    for ax in (pr, rel):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    tmp = path.with_name(f".{path.name}.tmp.png")
    fig.savefig(tmp, dpi=110)
    plt.close(fig)
    tmp.replace(path)
