#!/usr/bin/env python3
"""OpenCV reference values for the quality parity check (Debian python3-opencv + opencv-data).

Usage: opencv-reference.py [--repeat N] FILE... > reference.json
For each (lossless) image prints BRISQUE (cv2.quality.QualityBRISQUE_compute with the LIVE model),
the variance of cv2.Laplacian(grey, CV_64F), and numpy's mean and std of the grey image, plus the
time OpenCV's BRISQUE took (for the benchmark): the median of N timed calls (default 1), after one
untimed warm-up call on the first image.
"""
import json
import sys
import time

import cv2
import numpy as np

MODEL = "/usr/share/opencv4/quality/brisque_model_live.yml"
RANGE = "/usr/share/opencv4/quality/brisque_range_live.yml"


def timed_brisque(image):
    started = time.perf_counter()
    score = cv2.quality.QualityBRISQUE_compute(image, MODEL, RANGE)[0]
    return score, (time.perf_counter() - started) * 1000


def measure(path, repeat):
    image = cv2.imread(path, cv2.IMREAD_COLOR)
    if image is None:
        raise SystemExit(f"cannot read {path}")
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    runs = [timed_brisque(image) for _ in range(repeat)]
    score = runs[0][0]
    brisque_ms = sorted(ms for _, ms in runs)[len(runs) // 2]
    features = cv2.quality.QualityBRISQUE_computeFeatures(image)
    return {
        "file": path,
        "width": int(image.shape[1]),
        "height": int(image.shape[0]),
        "brisque": float(score),
        "brisque_features": [float(v) for v in np.asarray(features).ravel()],
        "laplacian_variance": float(cv2.Laplacian(grey, cv2.CV_64F).var()),
        "grey_mean": float(grey.mean()),
        "grey_std": float(grey.std()),
        "opencv_brisque_ms": brisque_ms,
    }


def main(args):
    repeat = 1
    if args[:1] == ["--repeat"]:
        repeat, args = max(1, int(args[1])), args[2:]
    if args:
        first = cv2.imread(args[0], cv2.IMREAD_COLOR)
        if first is not None:
            timed_brisque(first)
    json.dump([measure(p, repeat) for p in args], sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
