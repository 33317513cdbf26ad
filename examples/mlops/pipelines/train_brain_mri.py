"""Brain MRI triage: k-nearest neighbours on radiomic features extracted from each scan.

    python3 mlops/pipelines/train_brain_mri.py --output-dir /tmp/brain_mri --folds 5 --neighbors 7

k-NN has no training epochs, so this job takes --folds but no epoch count: the
orchestrator sees that and leaves the epoch flag out of its command. Feature vectors are
generated from --seed (no scans are downloaded). Writes models/model.json (the scaler
and the reference cases), metrics/metrics.json (main_metric: accuracy) and
predictions/predictions.csv.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

# The examples keep one shared helper module in training/; a real repository would
# package it instead of extending the import path.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))

from common import (  # noqa: E402
    Dataset,
    Standardizer,
    accuracy,
    clamp,
    default_output_dir,
    evaluation_splits,
    int_at_least,
    log,
    log_loss,
    roc_auc,
    rounded,
    summarize_folds,
    warn_once,
    write_outputs,
)

FEATURES = [
    "mean_intensity",
    "intensity_std",
    "texture_entropy",
    "lesion_area_mm2",
    "hemisphere_asymmetry",
    "edge_density",
]


def generate_scans(scans: int, seed: int) -> Dataset:
    rng = random.Random(seed)
    rows, targets, ids = [], [], []
    for index in range(1, scans + 1):
        tumour = 1.0 if rng.random() < 0.4 else 0.0
        rows.append(
            [
                clamp(rng.gauss(0.42 + 0.03 * tumour, 0.06), 0.1, 0.9),
                clamp(rng.gauss(0.16 + 0.015 * tumour, 0.03), 0.02, 0.5),
                clamp(rng.gauss(4.6 + 0.3 * tumour, 0.45), 2.0, 7.5),
                clamp(rng.gauss(150 + 520 * tumour, 280), 0.0, 2500.0),
                clamp(rng.gauss(0.05 + 0.06 * tumour, 0.05), 0.0, 0.6),
                clamp(rng.gauss(0.21 + 0.015 * tumour, 0.04), 0.02, 0.6),
            ]
        )
        targets.append(tumour)
        ids.append(f"MRI{index:04d}")
    return Dataset("brain_mri_features", FEATURES, [rounded(row, 4) for row in rows], targets, ids)


def tumour_probability(reference: list[list[float]], labels: list[float], row: list[float], k: int) -> float:
    """Share of the k closest reference scans that show a tumour, smoothed so it is never exactly 0 or 1."""
    distances = sorted(
        (sum((a - b) ** 2 for a, b in zip(candidate, row)), index) for index, candidate in enumerate(reference)
    )
    votes = sum(labels[index] for _, index in distances[:k])
    return (votes + 1) / (k + 2)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Train a k-NN tumour/no-tumour classifier on MRI features.")
    parser.add_argument("--output-dir", type=Path, default=default_output_dir("brain_mri"))
    parser.add_argument("--folds", type=int_at_least(2), help="k-fold cross-validation (default: 80/20 holdout)")
    parser.add_argument("--neighbors", type=int_at_least(1), default=5, help="k, the number of neighbours that vote")
    parser.add_argument("--scans", type=int_at_least(20), default=240, help="size of the generated set")
    parser.add_argument("--seed", type=int, default=3, help="generates the scans and shuffles the splits")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.folds is not None and args.folds > args.scans:
        raise SystemExit(f"error: --folds {args.folds} is more than --scans {args.scans}")
    warn_once("no DICOM store is configured; using generated radiomic features")
    dataset = generate_scans(args.scans, args.seed)
    log(f"brain_mri: {len(dataset)} scans, neighbors={args.neighbors}, folds={args.folds}")
    splits = evaluation_splits(len(dataset), args.folds, random.Random(args.seed))
    per_fold: list[dict[str, float | None]] = []
    predictions: list[tuple[int, list[object]]] = []
    for label, train, test in splits:
        scaler = Standardizer.fit([dataset.rows[i] for i in train])
        reference = scaler.transform([dataset.rows[i] for i in train])
        labels = [dataset.targets[i] for i in train]
        probabilities = [
            tumour_probability(reference, labels, row, args.neighbors)
            for row in scaler.transform([dataset.rows[i] for i in test])
        ]
        actual = [dataset.targets[i] for i in test]
        fold = {
            "accuracy": accuracy(actual, probabilities),
            "loss": log_loss(actual, probabilities),
            "roc_auc": roc_auc(actual, probabilities),
        }
        per_fold.append(fold)
        name = f"fold {label}" if args.folds else "holdout"
        log(f"[{name}] validation accuracy={fold['accuracy']:.4f} loss={fold['loss']:.4f} on {len(test)} scans")
        for i, p in zip(test, probabilities):
            predictions.append((i, [dataset.ids[i], label, int(dataset.targets[i]), int(p >= 0.5), round(p, 6)]))

    # A k-NN model is its reference set: with folds it is every scan, otherwise the training split.
    kept = list(range(len(dataset))) if args.folds else splits[0][1]
    scaler = Standardizer.fit([dataset.rows[i] for i in kept])
    model = {
        "type": "k_nearest_neighbors",
        "dataset": dataset.name,
        "features": dataset.feature_names,
        "neighbors": args.neighbors,
        "standardizer": scaler.to_json(),
        "reference": [
            {"id": dataset.ids[i], "features": rounded(row), "label": int(dataset.targets[i])}
            for i, row in zip(kept, scaler.transform([dataset.rows[i] for i in kept]))
        ],
    }
    metrics: dict[str, object] = {"main_metric": "accuracy", **summarize_folds(per_fold)}
    metrics.update(
        {
            "neighbors": args.neighbors,
            "folds": args.folds,
            "evaluation": f"{args.folds}-fold cross-validation" if args.folds else "80/20 holdout",
            "samples": len(dataset),
            "per_fold": [{key: None if v is None else round(v, 6) for key, v in fold.items()} for fold in per_fold],
        }
    )
    write_outputs(
        args.output_dir,
        model=model,
        metrics=metrics,
        prediction_header=["id", "fold", "actual", "predicted", "probability"],
        prediction_rows=[row for _, row in sorted(predictions, key=lambda item: item[0])],
    )
    log(f"brain_mri: accuracy={metrics['accuracy']:.4f} loss={metrics['loss']:.4f}")


if __name__ == "__main__":
    main()
