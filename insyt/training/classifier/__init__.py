"""Training the line classifier (``insyt train``; the ``train`` extra).

Imports torch and transformers, so nothing in the daemon imports this
package: the runtime reads only the exported ONNX model (insyt.detect).
"""
