"""One worker of a two-process MultiWorkerMirroredStrategy run (lesson 14).

Lesson 14 (``notebooks/14_distributed_training.ipynb``) starts two copies of
this script, one per worker, each with its own ``TF_CONFIG`` environment
variable, for example for worker 0::

    TF_CONFIG='{"cluster": {"worker": ["127.0.0.1:40001", "127.0.0.1:40002"]},
                "task": {"type": "worker", "index": 0}}'
    python mwms_worker.py WORKDIR

``TF_CONFIG`` is all a worker needs to find the others: the addresses of every
worker in the cluster, and which of them it is. ``WORKDIR`` is a directory the
notebook has prepared; it holds ``setup.npz`` with

    x, y                float32 arrays (n, 1): the training data
    w_0, w_1, ...       the initial weights, in ``model.get_weights()`` order
    hidden              units of the hidden layer (the shapes of w_0 ... say it too)
    learning_rate       plain SGD step size
    global_batch_size   rows per step, summed over all workers
    steps               number of training steps

The worker trains for ``steps`` steps and writes ``worker_<index>.npz`` into
WORKDIR: the final weights (``w_0, w_1, ...``), the loss of every step
(``losses``), and the row numbers this worker trained on in every step
(``rows``, shape (steps, rows per worker)). It writes nothing anywhere else.
After a final all-reduce (a barrier: every worker has saved), it exits with
``os._exit(0)``, skipping TensorFlow's slow shutdown of the cluster runtime.

The training step is the one of the lesson: every replica scales its summed
per-example loss by the *global* batch size (``tf.nn.compute_average_loss``),
and the gradients of all replicas are summed with an all-reduce. The model and
the SGD step are written out in plain TensorFlow (the same ops as the
notebook's Keras ``Dense`` layers and ``SGD`` optimizer) so that the worker
need not load Keras, which saves each process over a second of start-up.
"""

import argparse
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")   # quiet C++ logs (they go to a file anyway)
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # same float sums as the notebook

# `import tensorflow` also loads Keras (about 1.5 s of CPU), which this worker
# does not use: marking the module as missing makes TensorFlow skip it.
sys.modules.setdefault("keras", None)

import numpy as np
import tensorflow as tf  # imported after the environment variables that TensorFlow reads


def model(params, x):
    """The lesson's model, written out: 1 input -> tanh hidden layer -> 1 output.

    ``params`` are the kernel and bias of each layer, as Keras's Dense layers hold them.
    """
    kernel_1, bias_1, kernel_2, bias_2 = params
    return tf.matmul(tf.tanh(tf.matmul(x, kernel_1) + bias_1), kernel_2) + bias_2


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workdir", type=pathlib.Path, help="folder with setup.npz; results go here")
    workdir = parser.parse_args().workdir
    index = json.loads(os.environ["TF_CONFIG"])["task"]["index"]
    with np.load(workdir / "setup.npz") as saved:
        setup = dict(saved)
    x, y = setup["x"], setup["y"]
    global_batch, steps = int(setup["global_batch_size"]), int(setup["steps"])

    # Same determinism switch as the notebook: the ops of this tiny model, the
    # input pipeline and the CPU all-reduce all run with it on.
    tf.config.experimental.enable_op_determinism()

    # Reads TF_CONFIG, starts this worker's gRPC server and waits for the others.
    # On CPUs the all-reduce is a ring of gRPC messages between the workers.
    strategy = tf.distribute.MultiWorkerMirroredStrategy(
        communication_options=tf.distribute.experimental.CommunicationOptions(
            implementation=tf.distribute.experimental.CommunicationImplementation.RING))

    # Every worker builds the same pipeline of global batches of row numbers
    # (all epochs one after the other, in a fixed order).
    # Sharding policy DATA: each worker reads the whole pipeline and keeps its
    # own slice of every global batch (worker 0 the first half, worker 1 the
    # second), so that together they cover each global batch exactly once.
    rows = tf.data.Dataset.range(len(x)).batch(global_batch, drop_remainder=True).repeat()
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    dist_rows = strategy.experimental_distribute_dataset(rows.with_options(options))

    with strategy.scope():  # variables created here are mirrored on every worker
        params = [tf.Variable(setup[f"w_{k}"]) for k in range(4)]
    learning_rate = float(setup["learning_rate"])
    x, y = tf.constant(x), tf.constant(y)

    def replica_step(batch_rows):
        xb, yb = tf.gather(x, batch_rows), tf.gather(y, batch_rows)
        with tf.GradientTape() as tape:
            per_example = tf.reduce_mean(tf.square(model(params, xb) - yb), axis=-1)
            loss = tf.nn.compute_average_loss(per_example, global_batch_size=global_batch)
        grads = tape.gradient(loss, params)
        # What a Keras optimizer does inside a replica: sum the gradients over all
        # replicas (an all-reduce), then take the plain SGD step w <- w - lr * g.
        grads = tf.distribute.get_replica_context().all_reduce("SUM", grads)
        return loss, grads

    @tf.function
    def train_step(dist_batch_rows):
        per_replica_loss, grads = strategy.run(replica_step, args=(dist_batch_rows,))
        # One replica per worker: its all-reduced gradients are the same on every worker.
        for param, grad in zip(params, strategy.experimental_local_results(grads)[0], strict=True):
            param.assign_sub(grad * learning_rate)
        return strategy.reduce("SUM", per_replica_loss, axis=None)  # = mean over the global batch

    # Every worker must run the same number of steps: each step's all-reduce
    # waits until all workers have joined it.
    losses, seen = [], []
    batches = iter(dist_rows)
    for step in range(steps):
        batch_rows = next(batches)  # on this worker: only its own rows of the global batch
        losses.append(float(train_step(batch_rows)))
        local = strategy.experimental_local_results(batch_rows)
        seen.append(np.concatenate([r.numpy() for r in local]))
        print(f"worker {index} step {step}: loss {losses[-1]:.6f}", flush=True)

    weights = {f"w_{k}": p.numpy() for k, p in enumerate(params)}
    np.savez(workdir / f"worker_{index}.npz",
             losses=np.array(losses), rows=np.array(seen), **weights)
    print(f"worker {index}: done", flush=True)

    # A last all-reduce works as a barrier: once it returns, every worker has
    # saved its results and no collective is in flight. Then we leave at once:
    # a normal interpreter exit spends several seconds shutting down
    # TensorFlow's cluster runtime (gRPC server, coordination service), which
    # would only make the notebook wait. Our files are already closed.
    @tf.function
    def count_workers():
        return strategy.reduce("SUM", strategy.run(tf.ones, args=([],)), axis=None)

    finished = count_workers()
    assert int(finished) == strategy.num_replicas_in_sync, int(finished)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
