"""Parkinson's telemonitoring: linear regression of the motor UPDRS score from voice measurements.

    python3 training/train_parkinsons.py --output-dir /tmp/parkinsons --epochs 20 --folds 5

Recordings are generated from --seed (no download), shaped like the UCI telemonitoring set:
age, sex, jitter, shimmer, noise-to-harmonics ratio, RPDE, DFA and PPE. Writes
models/model.json, metrics/metrics.json (main_metric: r2, plus rmse and mae in UPDRS
points), metrics/history.csv (the learning curve: loss, val_loss and val_r2 per epoch) and
predictions/predictions.csv.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from common import (
    Dataset,
    clamp,
    default_output_dir,
    fit_and_evaluate_linear,
    int_at_least,
    log,
    non_negative_float,
    positive_float,
    warn_once,
    write_outputs,
)

FEATURES = ["age", "sex", "jitter_percent", "shimmer_db", "nhr", "hnr", "rpde", "dfa", "ppe"]


def generate_recordings(recordings: int, seed: int) -> Dataset:
    rng = random.Random(seed)
    rows, targets, ids = [], [], []
    for index in range(1, recordings + 1):
        age = clamp(rng.gauss(65, 8.5), 36, 85)
        sex = 1.0 if rng.random() < 0.32 else 0.0
        severity = rng.gauss(0, 1)  # the hidden disease stage the voice features reflect
        jitter = clamp(0.55 + 0.22 * severity + rng.gauss(0, 0.12), 0.08, 2.5)
        shimmer = clamp(0.30 + 0.09 * severity + rng.gauss(0, 0.06), 0.03, 1.6)
        nhr = clamp(0.030 + 0.012 * severity + rng.gauss(0, 0.008), 0.001, 0.3)
        hnr = clamp(21.5 - 2.1 * severity + rng.gauss(0, 1.6), 5, 35)
        rpde = clamp(0.54 + 0.05 * severity + rng.gauss(0, 0.04), 0.15, 0.97)
        dfa = clamp(0.65 + 0.02 * severity + rng.gauss(0, 0.04), 0.51, 0.86)
        ppe = clamp(0.22 + 0.06 * severity + rng.gauss(0, 0.03), 0.02, 0.73)
        updrs = clamp(21 + 0.2 * (age - 65) + 5.5 * severity - 1.5 * sex + rng.gauss(0, 3.0), 5, 40)
        rows.append([age, sex, jitter, shimmer, nhr, hnr, rpde, dfa, ppe])
        targets.append(round(updrs, 2))
        ids.append(f"R{index:04d}")
    return Dataset("parkinsons_voice", FEATURES, [[round(v, 4) for v in row] for row in rows], targets, ids)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Train a motor-UPDRS regressor from voice features.")
    parser.add_argument("--output-dir", type=Path, default=default_output_dir("parkinsons"))
    parser.add_argument("--epochs", type=int_at_least(1), default=20, help="passes over the training rows")
    parser.add_argument("--folds", type=int_at_least(2), help="k-fold cross-validation (default: 80/20 holdout)")
    parser.add_argument("--learning-rate", type=positive_float, default=0.05)
    parser.add_argument("--l2", type=non_negative_float, default=0.0, help="weight decay per step")
    parser.add_argument("--recordings", type=int_at_least(20), default=260, help="size of the generated set")
    parser.add_argument("--seed", type=int, default=11, help="generates the recordings and shuffles the splits")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.folds is not None and args.folds > args.recordings:
        raise SystemExit(f"error: --folds {args.folds} is more than --recordings {args.recordings}")
    warn_once("no telemonitoring recordings are configured; training on generated voice features")
    dataset = generate_recordings(args.recordings, args.seed)
    log(f"parkinsons: {len(dataset)} recordings, epochs={args.epochs}, folds={args.folds}")
    model, metrics, header, rows, history = fit_and_evaluate_linear(
        dataset,
        logistic=False,
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
    log(f"parkinsons: r2={metrics['r2']:.4f} rmse={metrics['rmse']:.4f} UPDRS points")


if __name__ == "__main__":
    main()
