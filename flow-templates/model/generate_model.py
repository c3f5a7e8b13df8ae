#!/usr/bin/python3
"""Trains the deterioration-risk model on synthetic vital signs and writes it as ONNX.

Deterministic: a fixed seed generates the data, full-batch gradient descent trains a logistic
regression, and the ONNX file is written with fixed metadata, so a rerun reproduces the file.
Run with Debian's python3 and python3-onnx (apt-get install python3-onnx); PyPI is not needed:
    /usr/bin/python3 flow-templates/model/generate_model.py [--zipmap] [output-file]

The graph is what skl2onnx makes of a scikit-learn pipeline (StandardScaler + LogisticRegression):
Scaler -> LinearClassifier -> output_label (string tensor) and output_probability, a float tensor [N, 2]
as with options={"zipmap": False} (the shipped model: reading it costs nothing), or with --zipmap the
sequence of maps skl2onnx writes by default (ONNX Runtime's Java API reads it map by map, ~20x slower;
the tests use it). The class_labels metadata names the probability columns.
No record of any real patient is involved: the data is drawn from textbook normal ranges.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

FEATURES = ["heart_rate", "spo2", "temperature_c", "systolic_bp", "respiratory_rate"]
# Sorted, as scikit-learn orders classes_ (and a ZipMap consumer must assume)
LABELS = ["high", "low"]
MODEL_NAME = "vitals-deterioration-risk"
MODEL_VERSION = 1
SEED = 20261123
ROWS = 20000


def synthetic_vitals(rng, rows):
    """Vital signs of stable and deteriorating patients; the label follows an early-warning-score-like rule plus noise."""
    heart_rate = rng.normal(82, 16, rows)
    spo2 = np.clip(rng.normal(96, 2.8, rows), 70, 100)
    temperature = rng.normal(37.0, 0.7, rows)
    systolic = rng.normal(122, 20, rows)
    respiratory = rng.normal(17, 4.5, rows)
    x = np.column_stack([heart_rate, spo2, temperature, systolic, respiratory]).astype(np.float32)
    risk = (0.045 * (heart_rate - 82) - 0.45 * (spo2 - 96) + 0.9 * np.abs(temperature - 37.0)
            - 0.03 * (systolic - 122) + 0.2 * (respiratory - 17) - 1.6 + rng.normal(0, 0.6, rows))
    y = (risk > 0).astype(np.float32)
    return x, y


def train(x, y, epochs=3000, rate=0.3):
    mean, scale = x.mean(axis=0), x.std(axis=0)
    z = (x - mean) / scale
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(epochs):
        p = 1.0 / (1.0 + np.exp(-(z @ w + b)))
        w -= rate * (z.T @ (p - y)) / len(y)
        b -= rate * float(np.mean(p - y))
    accuracy = float(np.mean(((z @ w + b) > 0) == (y > 0.5)))
    return mean, scale, w, b, accuracy


def probability_map_sequence():
    # onnx 1.12 (Debian bookworm) has no make_map_type_proto: build seq(map(string, float)) by hand
    value = onnx.TypeProto()
    value.sequence_type.elem_type.map_type.key_type = TensorProto.STRING
    value.sequence_type.elem_type.map_type.value_type.tensor_type.elem_type = TensorProto.FLOAT
    return value


def build(mean, scale, w, b, zipmap):
    nodes = [
        helper.make_node("Scaler", ["vitals"], ["scaled"], domain="ai.onnx.ml",
                         offset=[float(v) for v in mean], scale=[float(1.0 / v) for v in scale]),
        # Two rows (high = z, low = -z) with a logistic post-transform give P(high) + P(low) = 1
        helper.make_node("LinearClassifier", ["scaled"], ["output_label", "probability_tensor" if zipmap else "output_probability"],
                         domain="ai.onnx.ml",
                         classlabels_strings=LABELS, coefficients=[float(v) for v in np.concatenate([w, -w])],
                         intercepts=[float(b), -float(b)], post_transform="LOGISTIC"),
    ]
    if zipmap:
        nodes.append(helper.make_node("ZipMap", ["probability_tensor"], ["output_probability"], domain="ai.onnx.ml",
                                      classlabels_strings=LABELS))
    probabilities = (helper.make_value_info("output_probability", probability_map_sequence()) if zipmap
                     else helper.make_tensor_value_info("output_probability", TensorProto.FLOAT, [None, len(LABELS)]))
    graph = helper.make_graph(
        nodes, MODEL_NAME,
        [helper.make_tensor_value_info("vitals", TensorProto.FLOAT, [None, len(FEATURES)])],
        [helper.make_tensor_value_info("output_label", TensorProto.STRING, [None]),
         probabilities])
    model = helper.make_model(graph, producer_name="nifi-dataops generate_model.py", producer_version="1",
                              opset_imports=[helper.make_opsetid("", 15), helper.make_opsetid("ai.onnx.ml", 1)])
    model.ir_version = 8
    model.model_version = MODEL_VERSION
    model.doc_string = "Logistic deterioration-risk classifier on " + ", ".join(FEATURES) + " (synthetic training data)"
    helper.set_model_props(model, {"model_name": MODEL_NAME, "model_version": str(MODEL_VERSION),
                                   "feature_names": ",".join(FEATURES), "class_labels": ",".join(LABELS), "training_rows": str(ROWS), "seed": str(SEED)})
    onnx.checker.check_model(model)
    return model


def main():
    args = [a for a in sys.argv[1:] if a != "--zipmap"]
    zipmap = "--zipmap" in sys.argv[1:]
    path = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "vitals-risk.onnx")
    x, y = synthetic_vitals(np.random.RandomState(SEED), ROWS)
    mean, scale, w, b, accuracy = train(x, y)
    onnx.save(build(mean, scale, w, b, zipmap), path)
    print("wrote %s: %d rows, %.1f%% high risk, training accuracy %.3f" % (path, ROWS, 100 * y.mean(), accuracy))


if __name__ == "__main__":
    main()
