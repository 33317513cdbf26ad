"""Regenerate diabetes_sample.csv, the small dataset bundled with the examples.

The rows are synthetic: the columns and their ranges follow the well-known Pima Indians
diabetes table, and the outcome comes from a logistic model of glucose, BMI, pedigree and
age plus noise, so a classifier has something real to learn and nothing private leaks.
The file is committed; run this only to change it. Same seed, same bytes.

    python3 examples/data/generate_diabetes_sample.py
"""

from __future__ import annotations

import argparse
import csv
import math
import random
from pathlib import Path

COLUMNS = [
    "patient_id",
    "pregnancies",
    "glucose",
    "blood_pressure",
    "skin_thickness",
    "insulin",
    "bmi",
    "diabetes_pedigree",
    "age",
    "outcome",
]


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def make_row(rng: random.Random, index: int) -> list[object]:
    age = int(clamp(21 + rng.gammavariate(1.6, 7.5), 21, 81))
    # Pregnancies grow with age; a Poisson draw by inversion keeps this stdlib-only.
    pregnancies = poisson(rng, 1.2 + (age - 21) * 0.2)
    bmi = round(clamp(rng.gauss(32.0, 6.8), 18.2, 59.4), 1)
    glucose = int(clamp(rng.gauss(118 + 0.35 * (age - 33) + 0.6 * (bmi - 32), 27), 56, 199))
    blood_pressure = int(clamp(rng.gauss(68 + 0.25 * (age - 33), 11), 40, 122))
    skin_thickness = int(clamp(rng.gauss(29 + 0.9 * (bmi - 32), 8), 7, 63))
    insulin = int(clamp(math.exp(rng.gauss(4.7 + 0.008 * (glucose - 120), 0.55)), 15, 600))
    pedigree = round(clamp(math.exp(rng.gauss(-0.95, 0.55)), 0.078, 2.42), 3)
    logit = (
        -3.2
        + 0.038 * (glucose - 100)
        + 0.085 * (bmi - 25)
        + 1.05 * pedigree
        + 0.028 * (age - 21)
        + 0.06 * pregnancies
        + rng.gauss(0, 0.6)
    )
    outcome = 1 if rng.random() < 1 / (1 + math.exp(-logit)) else 0
    return [
        f"P{index:04d}",
        pregnancies,
        glucose,
        blood_pressure,
        skin_thickness,
        insulin,
        bmi,
        pedigree,
        age,
        outcome,
    ]


def poisson(rng: random.Random, mean: float) -> int:
    threshold, count, product = math.exp(-mean), 0, rng.random()
    while product > threshold:
        count += 1
        product *= rng.random()
    return min(count, 15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=320)
    parser.add_argument("--seed", type=int, default=1988)
    parser.add_argument("--output", type=Path, default=Path(__file__).with_name("diabetes_sample.csv"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows = [make_row(rng, index) for index in range(1, args.rows + 1)]
    with args.output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    positives = sum(row[-1] for row in rows)
    print(f"wrote {args.output} ({len(rows)} rows, {positives} with outcome=1)")


if __name__ == "__main__":
    main()
