"""Shared code for the example training jobs: argument types, data splits, small models,
metrics and the output layout every job writes.

This module is a library, not a job. The orchestrator discovers only files named
``train_*.py``, so ``common.py`` is imported by the jobs and never run on its own.

Standard library only, so the examples run on any Python 3.10+ without ``pip install``.
Everything random takes an explicit ``random.Random``: same arguments, same bytes out.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

EXAMPLES_ROOT = Path(__file__).resolve().parents[1]
DIABETES_CSV = EXAMPLES_ROOT / "data" / "diabetes_sample.csv"

# The orchestrator passes these through the job's environment (see .github/training-jobs.yml).
LOG_EVERY_ENV = "TRAIN_LOG_EVERY"


# --- command line -------------------------------------------------------------------------


def int_at_least(minimum: int) -> Callable[[str], int]:
    """An argparse ``type`` that accepts whole numbers >= minimum, with a message that says so."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = minimum - 1
        if value < minimum:
            raise argparse.ArgumentTypeError(f"invalid value '{text}': expected a whole number >= {minimum}")
        return value

    return parse


def positive_float(text: str) -> float:
    """An argparse ``type`` for rates: a finite number > 0."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"invalid value '{text}': expected a number > 0")
    return value


def non_negative_float(text: str) -> float:
    """An argparse ``type`` for penalties: a finite number >= 0."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"invalid value '{text}': expected a number >= 0")
    return value


def default_output_dir(job_id: str) -> Path:
    """Where a job writes when run by hand: the same place the orchestrator would choose."""
    return EXAMPLES_ROOT / "results" / f"{job_id}_results"


# --- logging ------------------------------------------------------------------------------

_warned: set[str] = set()


def log(message: str) -> None:
    # Flushed so progress shows up live in the orchestrator's per-job log, not at exit.
    print(message, flush=True)


def warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        print(f"warning: {message}", file=sys.stderr, flush=True)


def log_every(epochs: int) -> int:
    """How often to print an epoch line: about five lines per fit unless TRAIN_LOG_EVERY says otherwise."""
    raw = os.environ.get(LOG_EVERY_ENV, "").strip()
    if raw:
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value >= 1:
            return value
        warn_once(f"ignoring {LOG_EVERY_ENV}='{raw}': expected a whole number >= 1")
    return max(1, epochs // 5)


class Progress:
    """Prints ``<label> epoch 3/20 loss=0.5123`` lines at a steady rate, always including the last epoch."""

    def __init__(self, label: str, epochs: int) -> None:
        self.label = label
        self.epochs = epochs
        self.every = log_every(epochs)

    def epoch(self, epoch: int, loss: float) -> None:
        if epoch % self.every == 0 or epoch == self.epochs:
            log(f"{self.label} epoch {epoch}/{self.epochs} loss={loss:.4f}")


# --- data ---------------------------------------------------------------------------------


@dataclass
class Dataset:
    """Rows of numeric features, one target per row, and an id per row for the predictions file."""

    name: str
    feature_names: list[str]
    rows: list[list[float]]
    targets: list[float]
    ids: list[str]

    def __len__(self) -> int:
        return len(self.rows)


def load_csv(path: Path, target: str, id_column: str) -> Dataset:
    """Read a numeric CSV; every column except the id and the target becomes a feature."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            records = list(csv.DictReader(handle))
    except OSError as error:
        raise SystemExit(f"error: cannot read dataset {path}: {error.strerror}") from None
    if not records:
        raise SystemExit(f"error: dataset {path} has no rows")
    columns = list(records[0].keys())
    for required in (target, id_column):
        if required not in columns:
            raise SystemExit(f"error: dataset {path} has no '{required}' column (columns: {', '.join(columns)})")
    features = [column for column in columns if column not in (target, id_column)]
    rows, targets = [], []
    for line, record in enumerate(records, start=2):
        try:
            rows.append([float(record[column]) for column in features])
            targets.append(float(record[target]))
        except (TypeError, ValueError):
            raise SystemExit(f"error: {path}:{line}: expected numbers in every feature and '{target}'") from None
    return Dataset(path.stem, features, rows, targets, [record[id_column] for record in records])


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def evaluation_splits(n: int, folds: int | None, rng: random.Random) -> list[tuple[str, list[int], list[int]]]:
    """``(label, train_indices, test_indices)`` per split: k folds, or one 80/20 holdout without ``folds``."""
    order = list(range(n))
    rng.shuffle(order)
    if folds is None:
        cut = n - max(1, n // 5)
        return [("holdout", sorted(order[:cut]), sorted(order[cut:]))]
    splits = []
    for fold in range(folds):
        test = sorted(order[fold::folds])
        held = set(test)
        splits.append((str(fold + 1), [i for i in range(n) if i not in held], test))
    return splits


@dataclass
class Standardizer:
    """Per-feature mean and scale learnt on training rows only, so validation rows never leak in."""

    means: list[float]
    scales: list[float]

    @classmethod
    def fit(cls, rows: Sequence[Sequence[float]]) -> Standardizer:
        columns = list(zip(*rows))
        means = [sum(column) / len(column) for column in columns]
        scales = []
        for column, mean in zip(columns, means):
            variance = sum((value - mean) ** 2 for value in column) / len(column)
            scales.append(math.sqrt(variance) or 1.0)
        return cls(means, scales)

    def transform(self, rows: Sequence[Sequence[float]]) -> list[list[float]]:
        return [[(v - m) / s for v, m, s in zip(row, self.means, self.scales)] for row in rows]

    def to_json(self) -> dict[str, list[float]]:
        return {"means": rounded(self.means), "scales": rounded(self.scales)}


# --- models -------------------------------------------------------------------------------


@dataclass
class LinearModel:
    """Weights and a bias; a logistic model passes the same score through a sigmoid."""

    weights: list[float]
    bias: float

    def score(self, row: Sequence[float]) -> float:
        return self.bias + sum(w * x for w, x in zip(self.weights, row))


def train_linear_model(
    rows: list[list[float]],
    targets: list[float],
    *,
    logistic: bool,
    epochs: int,
    learning_rate: float,
    l2: float,
    rng: random.Random,
    progress: Progress,
    batch_size: int = 32,
    on_epoch: Callable[[int, float, LinearModel], None] | None = None,
) -> LinearModel:
    """Mini-batch gradient descent with L2 weight decay.

    Logistic: minimises log loss. Linear: minimises squared error, starting from the target mean
    so the first epochs are not spent learning the bias. Each epoch's progress line shows the
    mean training loss seen during that epoch (log loss, or mean squared error); ``on_epoch``
    gets the epoch, that loss and the model after it (for a learning curve).
    """
    n_features = len(rows[0])
    model = LinearModel([0.0] * n_features, 0.0 if logistic else sum(targets) / len(targets))
    order = list(range(len(rows)))
    for epoch in range(1, epochs + 1):
        rng.shuffle(order)
        total_loss = 0.0
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            grad_w = [0.0] * n_features
            grad_b = 0.0
            for i in batch:
                row, target = rows[i], targets[i]
                score = model.score(row)
                if logistic:
                    p = sigmoid(score)
                    error = p - target
                    total_loss += log_loss_term(target, p)
                else:
                    error = score - target
                    total_loss += error * error
                for j, x in enumerate(row):
                    grad_w[j] += error * x
                grad_b += error
            step = learning_rate / len(batch)
            model.weights = [w - step * g - learning_rate * l2 * w for w, g in zip(model.weights, grad_w)]
            model.bias -= step * grad_b
        progress.epoch(epoch, total_loss / len(rows))
        if on_epoch is not None:
            on_epoch(epoch, total_loss / len(rows), model)
    return model


def fit_and_evaluate_linear(
    dataset: Dataset,
    *,
    logistic: bool,
    epochs: int,
    folds: int | None,
    learning_rate: float,
    l2: float,
    seed: int,
) -> tuple[dict[str, object], dict[str, object], list[str], list[list[object]], list[dict[str, object]]]:
    """Cross-validate (or hold out 20%), then fit the model that is saved.

    With ``folds`` the saved model is refit on every row and the predictions are out-of-fold;
    without it the saved model is the one trained on the 80% split and predictions cover the 20%.
    Returns ``(model, metrics, prediction_header, prediction_rows, history)`` ready for
    ``write_outputs``; ``history`` is the learning curve of the first split (fold 1, or the
    holdout): per epoch the training loss, the validation loss and the validation main metric.
    """
    rng = random.Random(seed)
    splits = evaluation_splits(len(dataset), folds, rng)
    per_fold: list[dict[str, float | None]] = []
    predictions: list[tuple[int, list[object]]] = []
    history: list[dict[str, object]] = []
    model, standardizer = None, None
    for index, (label, train, test) in enumerate(splits):
        standardizer = Standardizer.fit([dataset.rows[i] for i in train])
        validation_rows = standardizer.transform([dataset.rows[i] for i in test])
        validation_targets = [dataset.targets[i] for i in test]

        def record(epoch: int, train_loss: float, current: LinearModel) -> None:
            scores = [current.score(row) for row in validation_rows]
            if logistic:
                outputs = [sigmoid(score) for score in scores]
                validation = {
                    "val_loss": log_loss(validation_targets, outputs),
                    "val_accuracy": accuracy(validation_targets, outputs),
                }
            else:
                validation = {
                    "val_loss": mean([(t - p) ** 2 for t, p in zip(validation_targets, scores)]),
                    "val_r2": r2(validation_targets, scores),
                }
            history.append({"epoch": epoch, "loss": round(train_loss, 6), **{k: round(v, 6) for k, v in validation.items()}})

        model = train_linear_model(
            standardizer.transform([dataset.rows[i] for i in train]),
            [dataset.targets[i] for i in train],
            logistic=logistic,
            epochs=epochs,
            learning_rate=learning_rate,
            l2=l2,
            rng=rng,
            progress=Progress(f"[{'fold ' + label if folds else 'holdout'}]", epochs),
            on_epoch=record if index == 0 else None,
        )
        actual = [dataset.targets[i] for i in test]
        scores = [model.score(row) for row in standardizer.transform([dataset.rows[i] for i in test])]
        if logistic:
            outputs = [sigmoid(score) for score in scores]
            fold_metrics = {
                "accuracy": accuracy(actual, outputs),
                "loss": log_loss(actual, outputs),
                "roc_auc": roc_auc(actual, outputs),
            }
            metric_text = f"accuracy={fold_metrics['accuracy']:.4f}"
        else:
            outputs = scores
            fold_metrics = {
                "r2": r2(actual, outputs),
                "rmse": rmse(actual, outputs),
                "mae": mae(actual, outputs),
                "loss": mean([(t - p) ** 2 for t, p in zip(actual, outputs)]),
            }
            metric_text = f"r2={fold_metrics['r2']:.4f} rmse={fold_metrics['rmse']:.4f}"
        per_fold.append(fold_metrics)
        log(f"[{'fold ' + label if folds else 'holdout'}] validation {metric_text} on {len(test)} rows")
        for i, output in zip(test, outputs):
            if logistic:
                row: list[object] = [dataset.ids[i], label, int(dataset.targets[i]), int(output >= 0.5), round(output, 6)]
            else:
                row = [dataset.ids[i], label, dataset.targets[i], round(output, 4)]
            predictions.append((i, row))

    if folds is not None:
        # Cross-validation only measured the recipe; the model worth saving sees every row.
        standardizer = Standardizer.fit(dataset.rows)
        model = train_linear_model(
            standardizer.transform(dataset.rows),
            dataset.targets,
            logistic=logistic,
            epochs=epochs,
            learning_rate=learning_rate,
            l2=l2,
            rng=rng,
            progress=Progress("[final]", epochs),
        )
    assert model is not None and standardizer is not None

    main_metric = "accuracy" if logistic else "r2"
    metrics: dict[str, object] = {"main_metric": main_metric, **summarize_folds(per_fold)}
    metrics.update(
        {
            "epochs": epochs,
            "folds": folds,
            "evaluation": f"{folds}-fold cross-validation" if folds else "80/20 holdout",
            "samples": len(dataset),
            "per_fold": [{key: None if v is None else round(v, 6) for key, v in fold.items()} for fold in per_fold],
        }
    )
    saved_model = {
        "type": "logistic_regression" if logistic else "linear_regression",
        "dataset": dataset.name,
        "features": dataset.feature_names,
        "standardizer": standardizer.to_json(),
        "weights": dict(zip(dataset.feature_names, rounded(model.weights))),
        "bias": round(model.bias, 6),
        "hyperparameters": {"epochs": epochs, "learning_rate": learning_rate, "l2": l2, "seed": seed},
    }
    header = ["id", "fold", "actual", "predicted", "probability"] if logistic else ["id", "fold", "actual", "predicted"]
    return saved_model, metrics, header, [row for _, row in sorted(predictions, key=lambda item: item[0])], history


# --- metrics ------------------------------------------------------------------------------

EPSILON = 1e-12


def log_loss_term(target: float, p: float) -> float:
    p = clamp(p, EPSILON, 1 - EPSILON)
    return -(target * math.log(p) + (1 - target) * math.log(1 - p))


def log_loss(targets: Sequence[float], probabilities: Sequence[float]) -> float:
    return sum(log_loss_term(t, p) for t, p in zip(targets, probabilities)) / len(targets)


def accuracy(targets: Sequence[float], probabilities: Sequence[float]) -> float:
    return sum((p >= 0.5) == (t >= 0.5) for t, p in zip(targets, probabilities)) / len(targets)


def roc_auc(targets: Sequence[float], scores: Sequence[float]) -> float | None:
    """Mann-Whitney AUC with tied scores sharing ranks; None when a split holds only one class."""
    positives = sum(1 for t in targets if t >= 0.5)
    negatives = len(targets) - positives
    if positives == 0 or negatives == 0:
        return None
    ranked = sorted(zip(scores, targets))
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j + 1 < len(ranked) and ranked[j + 1][0] == ranked[i][0]:
            j += 1
        average_rank = (i + j) / 2 + 1
        rank_sum += average_rank * sum(1 for k in range(i, j + 1) if ranked[k][1] >= 0.5)
        i = j + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def rmse(targets: Sequence[float], predictions: Sequence[float]) -> float:
    return math.sqrt(sum((t - p) ** 2 for t, p in zip(targets, predictions)) / len(targets))


def mae(targets: Sequence[float], predictions: Sequence[float]) -> float:
    return sum(abs(t - p) for t, p in zip(targets, predictions)) / len(targets)


def r2(targets: Sequence[float], predictions: Sequence[float]) -> float:
    mean = sum(targets) / len(targets)
    total = sum((t - mean) ** 2 for t in targets)
    residual = sum((t - p) ** 2 for t, p in zip(targets, predictions))
    return 1 - residual / total if total else 0.0


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def rounded(values: Sequence[float], digits: int = 6) -> list[float]:
    return [round(value, digits) for value in values]


def summarize_folds(per_fold: list[dict[str, float | None]]) -> dict[str, float | None]:
    """Mean of each metric across folds (skipping folds where it is undefined)."""
    summary: dict[str, float | None] = {}
    for key in per_fold[0]:
        values = [fold[key] for fold in per_fold if fold[key] is not None]
        summary[key] = round(mean(values), 6) if values else None
    return summary


# --- outputs ------------------------------------------------------------------------------


def write_outputs(
    output_dir: Path,
    *,
    model: dict[str, object],
    metrics: dict[str, object],
    prediction_header: list[str],
    prediction_rows: list[list[object]],
    history: list[dict[str, object]] | None = None,
    history_file: str = "history.csv",
) -> None:
    """The layout every example job writes: models/model.json, metrics/metrics.json, predictions/predictions.csv.

    With ``history`` (one dict per epoch or step, each with an ``epoch`` or ``step`` key), also the
    learning curve the orchestrator charts: ``metrics/history.csv`` (what Keras' CSVLogger writes)
    or, when ``history_file`` ends in ``.jsonl``, one JSON object per line.
    """
    main_metric = metrics.get("main_metric")
    if not isinstance(main_metric, str) or not isinstance(metrics.get(main_metric), (int, float)):
        raise ValueError(f"metrics must name a numeric main_metric, got {main_metric!r}")
    for folder in ("models", "metrics", "predictions"):
        (output_dir / folder).mkdir(parents=True, exist_ok=True)
    write_json(output_dir / "models" / "model.json", model)
    write_json(output_dir / "metrics" / "metrics.json", metrics)
    with (output_dir / "predictions" / "predictions.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(prediction_header)
        writer.writerows(prediction_rows)
    written = ["models/model.json", "metrics/metrics.json", "predictions/predictions.csv"]
    if history:
        write_history(output_dir / "metrics" / history_file, history)
        written.append(f"metrics/{history_file}")
    log(f"wrote {output_dir}/{{{', '.join(written)}}}")


def write_history(path: Path, history: list[dict[str, object]]) -> None:
    """A learning curve: CSV with a header (columns in first-seen order, empty cells where a row has no
    value) or JSON Lines, by the file's extension."""
    if path.suffix == ".jsonl":
        with path.open("w", encoding="utf-8") as handle:
            for row in history:
                handle.write(json.dumps(row) + "\n")
        return
    columns: list[str] = []
    for row in history:
        columns.extend(key for key in row if key not in columns)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(history)


def write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, indent=2) + "\n", encoding="utf-8")
