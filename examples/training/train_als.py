"""ALS progression: logistic regression that flags fast progressors from baseline visit data.

    python3 training/train_als.py --output-dir /tmp/als --epochs 20 --folds 5

The cohort is generated from --seed (no download): onset age, bulbar onset, ALSFRS-R score
and monthly slope, forced vital capacity, diagnostic delay, BMI and riluzole use, with
"fast progression" drawn from a logistic model of those. Writes models/model.json,
metrics/metrics.json (main_metric: accuracy), metrics/history.csv (the learning curve: loss,
val_loss and val_accuracy per epoch) and predictions/predictions.csv.
"""

from __future__ import annotations

import argparse
import math
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
    sigmoid,
    warn_once,
    write_outputs,
)

FEATURES = [
    "onset_age",
    "bulbar_onset",
    "alsfrs_r_baseline",
    "alsfrs_r_slope",
    "fvc_percent",
    "diagnosis_delay_months",
    "bmi",
    "riluzole",
]


def generate_cohort(patients: int, seed: int) -> Dataset:
    rng = random.Random(seed)
    rows, targets, ids = [], [], []
    for index in range(1, patients + 1):
        onset_age = clamp(rng.gauss(58, 11), 25, 85)
        bulbar = 1.0 if rng.random() < 0.3 else 0.0
        delay = clamp(rng.lognormvariate(2.4, 0.5), 2, 48)
        # Faster decline shortens the diagnostic delay, which is why delay predicts progression.
        slope = clamp(rng.gauss(-0.9 - 0.35 * bulbar + 0.012 * (delay - 11), 0.45), -3.5, 0.0)
        alsfrs = clamp(rng.gauss(39 + 0.6 * slope * 4, 4), 18, 48)
        fvc = clamp(rng.gauss(84 + 8 * slope, 14), 30, 125)
        bmi = clamp(rng.gauss(25.5, 3.8), 16, 40)
        riluzole = 1.0 if rng.random() < 0.65 else 0.0
        logit = (
            -0.4
            - 2.1 * (slope + 1.0)
            + 0.55 * bulbar
            - 0.045 * (delay - 11)
            + 0.025 * (onset_age - 58)
            - 0.03 * (fvc - 80)
            - 0.08 * (bmi - 25)
            - 0.3 * riluzole
        )
        rows.append([onset_age, bulbar, alsfrs, slope, fvc, delay, bmi, riluzole])
        targets.append(1.0 if rng.random() < sigmoid(logit) else 0.0)
        ids.append(f"ALS{index:04d}")
    return Dataset("als_cohort", FEATURES, [[round(v, 3) for v in row] for row in rows], targets, ids)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Train an ALS fast-progression classifier (logistic regression).")
    parser.add_argument("--output-dir", type=Path, default=default_output_dir("als"))
    parser.add_argument("--epochs", type=int_at_least(1), default=20, help="passes over the training rows")
    parser.add_argument("--folds", type=int_at_least(2), help="k-fold cross-validation (default: 80/20 holdout)")
    parser.add_argument("--learning-rate", type=positive_float, default=0.2)
    parser.add_argument("--l2", type=non_negative_float, default=0.001, help="weight decay per step")
    parser.add_argument("--patients", type=int_at_least(20), default=240, help="size of the generated cohort")
    parser.add_argument("--seed", type=int, default=7, help="generates the cohort and shuffles the splits")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.folds is not None and args.folds > args.patients:
        raise SystemExit(f"error: --folds {args.folds} is more than --patients {args.patients}")
    warn_once("no ALS registry data is configured; training on a generated cohort")
    dataset = generate_cohort(args.patients, args.seed)
    positives = int(sum(dataset.targets))
    log(f"als: {len(dataset)} patients ({positives} fast progressors), epochs={args.epochs}, folds={args.folds}")
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
    log(f"als: accuracy={metrics['accuracy']:.4f} loss={metrics['loss']:.4f}")


if __name__ == "__main__":
    main()
