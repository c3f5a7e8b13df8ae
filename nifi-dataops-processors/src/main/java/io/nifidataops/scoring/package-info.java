/**
 * Model scoring: feature vectors from records, batching, and the model services (ONNX Runtime in-process,
 * MLflow scoring server, KServe Open Inference Protocol v2). The cores here know nothing of NiFi sessions;
 * the services are thin controller-service glue around them.
 */
package io.nifidataops.scoring;
