#!/usr/bin/python3
"""Writes the small ONNX models the scoring tests load (checked in next to this script).
Regenerate with Debian's python3 and python3-onnx:  /usr/bin/python3 make_test_models.py

tensor-classifier.onnx  input "features" [N,5]; outputs "label" int64 [N], "probabilities" float [N,2]
                        (what skl2onnx writes with zipmap disabled); no metadata: name and version come from
                        the graph name and model_version
regressor.onnx          input "x" [N,3]; output "variable" float [N,1]
"""
import onnx
from onnx import TensorProto, helper


def save(graph, path, version):
    model = helper.make_model(graph, producer_name="nifi-dataops tests", opset_imports=[helper.make_opsetid("", 15)])
    model.ir_version = 8
    model.model_version = version
    onnx.checker.check_model(model)
    onnx.save(model, path)


def tensor_classifier():
    weights = helper.make_tensor("w", TensorProto.FLOAT, [5, 1], [0.05, -0.3, 0.8, -0.02, 0.15])
    bias = helper.make_tensor("b", TensorProto.FLOAT, [1], [-2.0])
    one = helper.make_tensor("one", TensorProto.FLOAT, [1], [1.0])
    nodes = [
        helper.make_node("MatMul", ["features", "w"], ["z0"]),
        helper.make_node("Add", ["z0", "b"], ["z"]),
        helper.make_node("Sigmoid", ["z"], ["p1"]),
        helper.make_node("Sub", ["one", "p1"], ["p0"]),
        helper.make_node("Concat", ["p0", "p1"], ["probabilities"], axis=1),
        helper.make_node("ArgMax", ["probabilities"], ["label"], axis=1, keepdims=0),
    ]
    graph = helper.make_graph(nodes, "tensor-classifier",
                              [helper.make_tensor_value_info("features", TensorProto.FLOAT, [None, 5])],
                              [helper.make_tensor_value_info("label", TensorProto.INT64, [None]),
                               helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 2])],
                              initializer=[weights, bias, one])
    save(graph, "tensor-classifier.onnx", 3)


def regressor():
    weights = helper.make_tensor("w", TensorProto.FLOAT, [3, 1], [2.0, -1.0, 0.5])
    bias = helper.make_tensor("b", TensorProto.FLOAT, [1], [10.0])
    nodes = [helper.make_node("MatMul", ["x", "w"], ["xw"]), helper.make_node("Add", ["xw", "b"], ["variable"])]
    graph = helper.make_graph(nodes, "regressor",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 3])],
                              [helper.make_tensor_value_info("variable", TensorProto.FLOAT, [None, 1])],
                              initializer=[weights, bias])
    save(graph, "regressor.onnx", 7)


tensor_classifier()
regressor()
