#!/usr/bin/env python3
"""Reference worker for bench/run-e2e.bench.ts: stage 5's measurements by OpenCV, one image at a time.

Reads image paths from stdin, one per line. For each: cv2.imread, a proxy of at most 4096 px long
edge (cv2.INTER_AREA; the pipeline's default quality.proxyMaxEdge), BRISQUE with the LIVE model
(cv2.quality.QualityBRISQUE_compute), and the blur/brightness/contrast statistics of the grey proxy
(variance of the Laplacian, mean, std). Answers one JSON line per image; at end of input, one last
line with the process's peak RSS in kB.
"""
import json
import resource
import sys

import cv2

MODEL = "/usr/share/opencv4/quality/brisque_model_live.yml"
RANGE = "/usr/share/opencv4/quality/brisque_range_live.yml"
PROXY_MAX_EDGE = 4096


def measure(path):
    image = cv2.imread(path, cv2.IMREAD_COLOR)
    if image is None:
        return {"file": path, "error": "cannot read"}
    height, width = image.shape[:2]
    scale = PROXY_MAX_EDGE / max(width, height)
    if scale < 1:
        image = cv2.resize(image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return {
        "file": path,
        "brisque": float(cv2.quality.QualityBRISQUE_compute(image, MODEL, RANGE)[0]),
        "laplacian_variance": float(cv2.Laplacian(grey, cv2.CV_64F).var()),
        "grey_mean": float(grey.mean()),
        "grey_std": float(grey.std()),
    }


for line in sys.stdin:
    path = line.rstrip("\n")
    if path:
        sys.stdout.write(json.dumps(measure(path)) + "\n")
        sys.stdout.flush()
sys.stdout.write(json.dumps({"max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}) + "\n")
