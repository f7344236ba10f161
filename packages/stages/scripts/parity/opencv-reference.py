#!/usr/bin/env python3
"""OpenCV reference values for the quality parity check (Debian python3-opencv + opencv-data).

Usage: opencv-reference.py FILE... > reference.json
For each (lossless) image prints BRISQUE (cv2.quality.QualityBRISQUE_compute with the LIVE model),
the variance of cv2.Laplacian(grey, CV_64F), and numpy's mean and std of the grey image, plus the
time OpenCV's BRISQUE took (for the benchmark).
"""
import json
import sys
import time

import cv2
import numpy as np

MODEL = "/usr/share/opencv4/quality/brisque_model_live.yml"
RANGE = "/usr/share/opencv4/quality/brisque_range_live.yml"


def measure(path):
    image = cv2.imread(path, cv2.IMREAD_COLOR)
    if image is None:
        raise SystemExit(f"cannot read {path}")
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    started = time.perf_counter()
    score = cv2.quality.QualityBRISQUE_compute(image, MODEL, RANGE)[0]
    brisque_ms = (time.perf_counter() - started) * 1000
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


def main(paths):
    json.dump([measure(p) for p in paths], sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
