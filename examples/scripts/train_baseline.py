"""Diabetes baseline: Gaussian naive Bayes on data/diabetes_sample.csv, the yardstick the
logistic model in training/train_diabetes.py has to beat.

    python3 scripts/train_baseline.py --output-dir /tmp/baseline --seed 1

A closed-form model: nothing to iterate and no cross-validation, so this script takes only
an output folder and a seed (for the 80/20 split). The orchestrator detects that and never
passes an epoch or fold count to it. Writes models/model.json, metrics/metrics.json
(main_metric: accuracy, plus the majority-class accuracy for reference),
predictions/predictions.csv and metrics/history.jsonl: a learning curve over the training-set
size (``step`` = training rows used, 10% to 100%; validation loss and accuracy at each).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from dataclasses import dataclass
from pathlib import Path

# The examples keep one shared helper module in training/; a real repository would
# package it instead of extending the import path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))

from common import (  # noqa: E402
    DIABETES_CSV,
    accuracy,
    default_output_dir,
    evaluation_splits,
    load_csv,
    log,
    log_loss,
    roc_auc,
    rounded,
    warn_once,
    write_outputs,
)


@dataclass
class ClassStats:
    """What Gaussian naive Bayes knows about one class: how common it is and each feature's spread."""

    prior: float
    means: list[float]
    variances: list[float]

    def log_likelihood(self, row: list[float]) -> float:
        score = math.log(self.prior)
        for x, m, var in zip(row, self.means, self.variances):
            score -= 0.5 * (math.log(2 * math.pi * var) + (x - m) ** 2 / var)
        return score


def fit_gaussian_nb(rows: list[list[float]], labels: list[float]) -> dict[int, ClassStats]:
    model: dict[int, ClassStats] = {}
    for cls in (0, 1):
        columns = list(zip(*[row for row, label in zip(rows, labels) if int(label) == cls]))
        means = [sum(column) / len(column) for column in columns]
        # Floored so a constant feature cannot divide by zero.
        variances = [max(sum((v - m) ** 2 for v in column) / len(column), 1e-9) for column, m in zip(columns, means)]
        model[cls] = ClassStats(len(columns[0]) / len(rows), means, variances)
    return model


def positive_probability(model: dict[int, ClassStats], row: list[float]) -> float:
    scores = [model[cls].log_likelihood(row) for cls in (0, 1)]
    # Softmax over the two log scores, shifted so exp() cannot overflow.
    top = max(scores)
    weights = [math.exp(score - top) for score in scores]
    return weights[1] / sum(weights)


def learning_curve(
    rows: list[list[float]], targets: list[float], train: list[int], test: list[int]
) -> list[dict[str, object]]:
    """Validation loss and accuracy of the model fitted on the first 10%, 20%, ... 100% of the training rows."""
    actual = [targets[i] for i in test]
    history: list[dict[str, object]] = []
    for tenth in range(1, 11):
        used = train[: max(4, len(train) * tenth // 10)]
        labels = [targets[i] for i in used]
        if len(set(labels)) < 2:
            continue  # naive Bayes needs both classes
        model = fit_gaussian_nb([rows[i] for i in used], labels)
        probabilities = [positive_probability(model, rows[i]) for i in test]
        history.append(
            {
                "step": len(used),
                "val_loss": round(log_loss(actual, probabilities), 6),
                "val_accuracy": round(accuracy(actual, probabilities), 6),
            }
        )
    return history


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Fit a Gaussian naive Bayes baseline for diabetes onset.")
    parser.add_argument("--output-dir", type=Path, default=default_output_dir("baseline"))
    parser.add_argument("--seed", type=int, default=42, help="chooses the 80/20 split")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    dataset = load_csv(DIABETES_CSV, target="outcome", id_column="patient_id")
    warn_once(f"{DIABETES_CSV.name} is synthetic sample data; the metrics show the pipeline works, not clinical value")
    [(label, train, test)] = evaluation_splits(len(dataset), None, random.Random(args.seed))
    log(f"baseline: gaussian naive bayes on {len(train)} rows, validating on {len(test)}")
    actual = [dataset.targets[i] for i in test]
    history = learning_curve(dataset.rows, dataset.targets, train, test)
    model = fit_gaussian_nb([dataset.rows[i] for i in train], [dataset.targets[i] for i in train])
    probabilities = [positive_probability(model, dataset.rows[i]) for i in test]
    majority = 1.0 if model[1].prior >= 0.5 else 0.0
    metrics = {
        "main_metric": "accuracy",
        "accuracy": round(accuracy(actual, probabilities), 6),
        "loss": round(log_loss(actual, probabilities), 6),
        "roc_auc": round(roc_auc(actual, probabilities) or 0.0, 6),
        "majority_class_accuracy": round(sum(t == majority for t in actual) / len(actual), 6),
        "evaluation": "80/20 holdout",
        "samples": len(dataset),
        "seed": args.seed,
    }
    saved_model = {
        "type": "gaussian_naive_bayes",
        "dataset": dataset.name,
        "features": dataset.feature_names,
        "classes": {
            str(cls): {
                "prior": round(stats.prior, 6),
                "means": rounded(stats.means),
                "variances": rounded(stats.variances),
            }
            for cls, stats in model.items()
        },
    }
    rows = [
        [dataset.ids[i], label, int(dataset.targets[i]), int(p >= 0.5), round(p, 6)] for i, p in zip(test, probabilities)
    ]
    write_outputs(
        args.output_dir,
        model=saved_model,
        metrics=metrics,
        prediction_header=["id", "fold", "actual", "predicted", "probability"],
        prediction_rows=rows,
        history=history,
        history_file="history.jsonl",
    )
    log(f"baseline: accuracy={metrics['accuracy']:.4f} (majority class {metrics['majority_class_accuracy']:.4f})")


if __name__ == "__main__":
    main()
