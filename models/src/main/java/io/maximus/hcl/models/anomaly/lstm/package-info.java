/**
 * LSTM autoencoder anomaly scoring: trained in Java with DJL on PyTorch, served with ONNX Runtime.
 *
 * <ul>
 *   <li>{@link io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderTrainer} standardizes the training matrix, cuts
 *       evenly spread windows, trains {@link io.maximus.hcl.models.anomaly.lstm.DjlLstmAutoencoder}, exports it with
 *       {@link io.maximus.hcl.models.anomaly.lstm.OnnxLstmExporter} (ONNX's LSTM operator, gates permuted from
 *       PyTorch's i,f,g,o to ONNX's i,o,f,c), checks the export against DJL (≤ 1e-4), calibrates training errors
 *       and writes {@code <out>/<version>/model.onnx + manifest.json}.</li>
 *   <li>{@link io.maximus.hcl.models.anomaly.lstm.LstmArtifact} loads an artifact and refuses a missing file, a
 *       manifest that does not match the caller (input dimension, window length, version) or the graph, or a model
 *       whose hash differs; {@link io.maximus.hcl.models.anomaly.lstm.LstmAnomalyScorer} scores batches of windows
 *       and maps errors to [0, 1] by their training quantile.</li>
 *   <li>Layout: the default is {@code REPEAT} (encoder, last hidden state repeated, decoder, linear head) rather
 *       than the seed's encoder→decoder whose hidden states are the output: the seed's output is bounded to (−1, 1)
 *       by the LSTM's tanh while standardized metrics are not, and it has no bottleneck over time. Both are
 *       implemented; on SMD they score alike with the whole-window error (ROC-AUC 0.877 vs 0.876), so the choice
 *       rests on the design argument.</li>
 *   <li>Training-only dependencies (DJL, PyTorch natives, tribuo-util-onnx) are optional in this module so that
 *       they stay out of the Flink job; the scoring path needs ONNX Runtime only.</li>
 * </ul>
 */
package io.maximus.hcl.models.anomaly.lstm;
