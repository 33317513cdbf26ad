"""Diabetes onset: logistic regression on the bundled sample (data/diabetes_sample.csv).

    python3 training/train_diabetes.py --output-dir /tmp/diabetes --epochs 20 --folds 5

Writes models/model.json, metrics/metrics.json (main_metric: accuracy), metrics/history.csv
(the learning curve: loss, val_loss and val_accuracy per epoch) and predictions/predictions.csv
under --output-dir.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from common import (
    DIABETES_CSV,
    default_output_dir,
    fit_and_evaluate_linear,
    int_at_least,
    load_csv,
    log,
    non_negative_float,
    positive_float,
    warn_once,
    write_outputs,
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Train a diabetes-onset classifier (logistic regression).")
    parser.add_argument("--output-dir", type=Path, default=default_output_dir("diabetes"))
    parser.add_argument("--epochs", type=int_at_least(1), default=20, help="passes over the training rows")
    parser.add_argument("--folds", type=int_at_least(2), help="k-fold cross-validation (default: 80/20 holdout)")
    parser.add_argument("--learning-rate", type=positive_float, default=0.3)
    parser.add_argument("--l2", type=non_negative_float, default=0.0005, help="weight decay per step")
    parser.add_argument("--seed", type=int, default=42, help="shuffles the splits and the mini-batches")
    parser.add_argument("--data", type=Path, default=DIABETES_CSV, help="CSV with an 'outcome' column")
    args = parser.parse_args()
    return args


def main() -> None:
    args = parse_args()
    dataset = load_csv(args.data, target="outcome", id_column="patient_id")
    if args.folds is not None and args.folds > len(dataset):
        raise SystemExit(f"error: --folds {args.folds} is more than the {len(dataset)} rows in {args.data}")
    if args.data == DIABETES_CSV:
        warn_once(f"{args.data.name} is synthetic sample data; the metrics show the pipeline works, not clinical value")
    log(f"diabetes: {len(dataset)} rows, {len(dataset.feature_names)} features, epochs={args.epochs}, folds={args.folds}")
    model, metrics, header, rows, history = fit_and_evaluate_linear(
        dataset,
        logistic=True,
        epochs=args.epochs,
        folds=args.folds,
        learning_rate=args.learning_rate,
        l2=args.l2,
        seed=args.seed,
    )
    write_outputs(
        args.output_dir,
        model=model,
        metrics=metrics,
        prediction_header=header,
        prediction_rows=rows,
        history=history,
    )
    log(f"diabetes: accuracy={metrics['accuracy']:.4f} loss={metrics['loss']:.4f}")


if __name__ == "__main__":
    main()
