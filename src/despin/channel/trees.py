"""A gradient-boosted tree ensemble stored as plain JSON and evaluated without scikit-learn.

Used for edit confidences: it sees all the evidence about a decoded edit at once (LM gains in
the observed and restored context, lexicon links, frequencies, how often the document repeats
the swap) and captures interactions a linear channel cannot (an LM gain means less for rare
words, a repeated swap means more).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property


@dataclass
class TreeEnsemble:
    features: list[str]
    init: float  # log-odds before any tree
    rate: float  # learning rate (shrinkage)
    trees: list[dict]  # {"left", "right", "feature", "threshold", "value"} arrays per tree

    def logodds(self, f: dict[str, float]) -> float:
        x = [f.get(name, 0.0) for name in self.features]
        total = self.init
        for left, right, feature, threshold, value in self._arrays:
            node = 0
            while left[node] != -1:
                node = left[node] if x[feature[node]] <= threshold[node] else right[node]
            total += self.rate * value[node]
        return total

    @cached_property
    def _arrays(self) -> list[tuple[list, ...]]:
        """Each tree's node arrays, in the order :meth:`logodds` walks them."""
        return [(t["left"], t["right"], t["feature"], t["threshold"], t["value"])
                for t in self.trees]

    def to_json(self) -> dict:
        return {"features": self.features, "init": self.init, "rate": self.rate,
                "trees": self.trees}

    @classmethod
    def from_json(cls, d: dict) -> TreeEnsemble:
        return cls(d["features"], d["init"], d["rate"], d["trees"])

    @classmethod
    def fit(cls, rows: list[dict], labels: list[int], **params) -> TreeEnsemble:
        """Fit scikit-learn's GradientBoostingClassifier and export its trees."""
        from sklearn.ensemble import GradientBoostingClassifier
        from sklearn.feature_extraction import DictVectorizer

        vec = DictVectorizer(sparse=False)
        x = vec.fit_transform(rows)
        opts = {"n_estimators": 150, "max_depth": 3, "learning_rate": 0.1, "subsample": 0.8,
                "random_state": 0} | params
        model = GradientBoostingClassifier(**opts).fit(x, labels)
        prior = float(model.init_.class_prior_[1])
        trees = []
        for est in model.estimators_[:, 0]:
            t = est.tree_
            trees.append({
                "left": t.children_left.tolist(),
                "right": t.children_right.tolist(),
                "feature": t.feature.tolist(),
                "threshold": [round(v, 6) for v in t.threshold.tolist()],
                "value": [round(v, 6) for v in t.value[:, 0, 0].tolist()],
            })
        return cls(list(vec.feature_names_), math.log(prior / (1 - prior)), opts["learning_rate"],
                   trees)
