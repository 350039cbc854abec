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
    hidden              units of the hidden layer
    learning_rate       plain SGD step size
    global_batch_size   rows per step, summed over all workers
    steps               number of training steps

The worker trains for ``steps`` steps and writes ``worker_<index>.npz`` into
WORKDIR: the final weights (``w_0, w_1, ...``), the loss of every step
(``losses``), and the row numbers this worker trained on in every step
(``rows``, shape (steps, rows per worker)). It writes nothing anywhere else.

The training step is the one of the lesson: every replica scales its summed
per-example loss by the *global* batch size (``tf.nn.compute_average_loss``),
and the optimizer sums the gradients of all replicas with an all-reduce.
"""

import argparse
import json
import os
import pathlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")   # quiet C++ logs (they go to a file anyway)
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # same float sums as the notebook

import keras  # imported after the environment variables that TensorFlow reads
import numpy as np
import tensorflow as tf


def build_model(hidden):
    """The lesson's model: 1 input -> `hidden` tanh units -> 1 output."""
    return keras.Sequential([
        keras.Input(shape=(1,)),
        keras.layers.Dense(hidden, activation="tanh"),
        keras.layers.Dense(1),
    ])


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
        model = build_model(int(setup["hidden"]))
        model.set_weights([setup[f"w_{k}"] for k in range(len(model.weights))])
        optimizer = keras.optimizers.SGD(learning_rate=float(setup["learning_rate"]))
        optimizer.build(model.trainable_variables)
    x, y = tf.constant(x), tf.constant(y)

    def replica_step(batch_rows):
        xb, yb = tf.gather(x, batch_rows), tf.gather(y, batch_rows)
        with tf.GradientTape() as tape:
            per_example = tf.reduce_mean(tf.square(model(xb, training=True) - yb), axis=-1)
            loss = tf.nn.compute_average_loss(per_example, global_batch_size=global_batch)
        grads = tape.gradient(loss, model.trainable_variables)
        # The optimizer first sums the gradients over all replicas (an all-reduce).
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return loss

    @tf.function
    def train_step(dist_batch_rows):
        per_replica_loss = strategy.run(replica_step, args=(dist_batch_rows,))
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

    weights = {f"w_{k}": w for k, w in enumerate(model.get_weights())}
    np.savez(workdir / f"worker_{index}.npz",
             losses=np.array(losses), rows=np.array(seen), **weights)
    print(f"worker {index}: done", flush=True)


if __name__ == "__main__":
    main()
