"""One worker of a MultiWorkerMirroredStrategy run (lesson 14), and the training step it shares.

Lesson 14 (``notebooks/14_distributed_training.ipynb``) imports ``make_train_step``
and ``per_example_mse`` from this file for its ``MirroredStrategy`` runs, and
``cluster.py`` (next to this file) starts one copy of it as a script per worker,
each with its own ``TF_CONFIG`` environment variable, for example for worker 0::

    TF_CONFIG='{"cluster": {"worker": ["127.0.0.1:40001", "127.0.0.1:40002"]},
                "task": {"type": "worker", "index": 0}}'
    python mwms_worker.py WORKDIR

So the notebook and the workers run the *same* ``replica_step`` / ``train_step``
lines. What differs is what they are given: in the notebook a Keras model and
``keras.optimizers.SGD``; in the worker ``TinyMLP`` and ``TinySGD`` below, the same
operations written in plain TensorFlow, so that a worker need not load Keras
(over a second of start-up each). The Keras optimizer's own all-reduce therefore
runs only in the notebook, never across processes.

``TF_CONFIG`` is all a worker needs to find the others: the addresses of every
worker in the cluster, and which of them it is. ``WORKDIR`` is a folder the
launcher has prepared; it holds ``setup.npz`` with

    x, y                float32 arrays (n, 1): the training data
    w_0, w_1, w_2, w_3  the initial weights, in ``model.get_weights()`` order
    learning_rate       plain SGD step size
    global_batch_size   rows per step, summed over all workers
    steps               number of training steps

The worker trains for ``steps`` steps and writes ``worker_<index>.npz`` into
WORKDIR: the final weights (``w_0`` ... ``w_3``), the loss of every step
(``losses``) and the row numbers this worker trained on in every step (``rows``,
shape (steps, rows per worker)). It writes nothing anywhere else.

Failure handling:

* exit code 98 (``EADDRINUSE``): this worker's port was already taken, the one
  failure a launcher may retry with new ports. The worker checks its port before
  it imports TensorFlow, so it says so at once;
* exit code 3: the parent process (``MWMS_PARENT_PID``, by default the process
  that started this one) has disappeared; a watchdog thread checks twice a
  second, so an orphaned worker never keeps running on its own;
* every collective (all-reduce) gives up after ``COLLECTIVE_TIMEOUT`` seconds
  instead of waiting forever for a partner that died. TensorFlow's docstring of
  ``CommunicationOptions`` says this "should only be used for debugging since it
  creates a new thread for each collective": harmless for the few dozen
  collectives of this short run, not something to copy into a long training job,
  where the launcher's own timeout (``cluster.py``) is the guarantee.

It exits with ``os._exit(0)``, skipping TensorFlow's slow shutdown of the cluster
runtime, once every worker's result file exists (a barrier: no worker closes its
connections while another may still fetch its share of the last all-reduce).
"""

import json
import os
import sys
import threading
import time

PORT_IN_USE = 98          # = errno.EADDRINUSE on Linux
PARENT_GONE = 3
COLLECTIVE_TIMEOUT = 60   # seconds any all-reduce may wait for the other workers (debugging aid)


def watch_parent(parent_pid, interval=0.5):
    """Exit this process (code 3) as soon as parent_pid is no longer its parent."""
    def watch():
        while True:
            if os.getppid() != parent_pid:
                os._exit(PARENT_GONE)
            time.sleep(interval)
    threading.Thread(target=watch, daemon=True).start()


def port_is_free(address):
    """True if this process can bind the TCP address "host:port" right now."""
    import socket

    host, port = address.rsplit(":", 1)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, int(port)))
        except OSError:
            return False
    return True


if __name__ == "__main__":
    # Before anything slow: an orphan should not even finish importing TensorFlow,
    # and a worker whose port is taken should say so at once.
    watch_parent(int(os.environ.get("MWMS_PARENT_PID", os.getppid())))
    _config = json.loads(os.environ["TF_CONFIG"])
    _address = _config["cluster"]["worker"][_config["task"]["index"]]
    if not port_is_free(_address):
        print(f"worker {_config['task']['index']}: address already in use: {_address}",
              file=sys.stderr, flush=True)
        os._exit(PORT_IN_USE)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")   # quiet C++ logs (they go to a file anyway)
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # same float sums as the notebook
    # `import tensorflow` also loads Keras (about 1.5 s of CPU), which this worker
    # does not use: marking the module as missing makes TensorFlow skip it.
    sys.modules.setdefault("keras", None)

import numpy as np
import tensorflow as tf  # imported after the environment variables that TensorFlow reads


def per_example_mse(yb, predictions):
    return tf.reduce_mean(tf.square(predictions - yb), axis=-1)  # shape (rows,): no reduction yet


def make_train_step(strategy, model, optimizer, loss_fn):
    """The distributed training step of lesson 14, for any model, optimizer and loss.

    ``loss_fn(yb, predictions)`` is one replica's loss on its slice of the batch;
    ``optimizer.apply_gradients`` sums the gradients over the replicas (an
    all-reduce) and applies the sum to every copy, as a Keras optimizer does.
    """
    def replica_step(xb, yb):  # runs on every replica, with its own slice
        with tf.GradientTape() as tape:
            loss = loss_fn(yb, model(xb, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return loss

    @tf.function
    def train_step(batch):  # one global batch, already cut into one slice per replica
        per_replica_loss = strategy.run(replica_step, args=batch)
        return strategy.reduce("SUM", per_replica_loss, axis=None)  # the sum of the L_r
    return train_step


class TinyMLP:
    """The lesson's model without Keras: 1 input -> tanh hidden layer -> 1 output.

    Holds the kernel and bias of each layer, as Keras's Dense layers do.
    """

    def __init__(self, weights):
        self.trainable_variables = [tf.Variable(w) for w in weights]

    def __call__(self, x, training=False):
        kernel_1, bias_1, kernel_2, bias_2 = self.trainable_variables
        return tf.matmul(tf.tanh(tf.matmul(x, kernel_1) + bias_1), kernel_2) + bias_2


class TinySGD:
    """Plain SGD, w <- w - lr * g, doing inside a replica what keras.optimizers.SGD does.

    First the gradients are summed over all replicas (an all-reduce); then, in
    cross-replica context (``merge_call``), every copy of every variable is updated.
    """

    def __init__(self, learning_rate):
        self.learning_rate = learning_rate

    def apply_gradients(self, grads_and_vars):
        grads, variables = zip(*grads_and_vars, strict=True)
        context = tf.distribute.get_replica_context()
        grads = context.all_reduce("SUM", list(grads))

        def update(strategy, grads, variables):
            for grad, var in zip(grads, variables, strict=True):
                strategy.extended.update(var, lambda v, g: v.assign_sub(self.learning_rate * g),
                                         args=(grad,))
        context.merge_call(update, args=(grads, variables))


def main():
    workdir = sys.argv[1]
    config = json.loads(os.environ["TF_CONFIG"])
    index = config["task"]["index"]
    with np.load(os.path.join(workdir, "setup.npz")) as saved:
        setup = dict(saved)
    x, y = setup["x"], setup["y"]
    global_batch, steps = int(setup["global_batch_size"]), int(setup["steps"])

    # Same determinism switch as the notebook: the ops of this tiny model, the
    # input pipeline and the CPU all-reduce all run with it on.
    tf.config.experimental.enable_op_determinism()

    # Reads TF_CONFIG, starts this worker's gRPC server and waits for the others.
    # On CPUs the all-reduce is a ring of gRPC messages between the workers.
    try:
        strategy = tf.distribute.MultiWorkerMirroredStrategy(
            communication_options=tf.distribute.experimental.CommunicationOptions(
                implementation=tf.distribute.experimental.CommunicationImplementation.RING,
                timeout_seconds=COLLECTIVE_TIMEOUT))
    except Exception as error:  # the port was taken between our check and gRPC's bind
        if "address already in use" in str(error).lower():
            print(f"worker {index}: {error}", file=sys.stderr, flush=True)
            os._exit(PORT_IN_USE)
        raise

    # Every worker builds the same pipeline of global batches (all epochs one
    # after the other, in a fixed order), with the row numbers alongside.
    # Sharding policy DATA: each worker reads the whole pipeline and keeps its
    # own slice of every global batch (worker 0 the first half, worker 1 the
    # second), so that together they cover each global batch exactly once.
    data = tf.data.Dataset.from_tensor_slices((x, y, np.arange(len(x))))
    data = data.batch(global_batch, drop_remainder=True).repeat()
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    dist_data = strategy.experimental_distribute_dataset(data.with_options(options))

    with strategy.scope():  # variables created here are mirrored on every worker
        model = TinyMLP([setup[f"w_{k}"] for k in range(4)])
    optimizer = TinySGD(float(setup["learning_rate"]))

    def loss_fn(yb, predictions):  # the notebook's replica_loss: my rows' sum / global batch
        return tf.nn.compute_average_loss(per_example_mse(yb, predictions),
                                          global_batch_size=global_batch)

    train_step = make_train_step(strategy, model, optimizer, loss_fn)

    # Every worker must run the same number of steps: each step's all-reduce
    # waits until all workers have joined it.
    losses, seen = [], []
    batches = iter(dist_data)
    for step in range(steps):
        xb, yb, batch_rows = next(batches)  # on this worker: only its own rows of each batch
        losses.append(float(train_step((xb, yb))))
        local_rows = strategy.experimental_local_results(batch_rows)
        seen.append(np.concatenate([r.numpy() for r in local_rows]))
        print(f"worker {index} step {step}: loss {losses[-1]:.6f}", flush=True)

    weights = {f"w_{k}": v.numpy() for k, v in enumerate(model.trainable_variables)}
    np.savez(os.path.join(workdir, f"worker_{index}.npz"),
             losses=np.array(losses), rows=np.array(seen), **weights)
    print(f"worker {index}: done", flush=True)

    # Leave only when every worker has saved, i.e. has finished its last step. In the
    # all-reduce, a worker *pulls* its share of the sum from the others, so a worker that
    # exits as soon as its own last step returns can close its socket while the other is
    # still pulling ("Socket closed", seen under load). A collective cannot be the barrier
    # here, for the same reason; the result files can. Then we leave at once: a normal
    # interpreter exit spends several seconds shutting down TensorFlow's cluster runtime
    # (gRPC server, coordination service), which would only make the notebook wait.
    others = [os.path.join(workdir, f"worker_{k}.npz")
              for k in range(len(config["cluster"]["worker"]))]
    deadline = time.monotonic() + COLLECTIVE_TIMEOUT
    while not all(os.path.exists(path) for path in others):
        if time.monotonic() > deadline:
            print(f"worker {index}: the other workers did not finish within "
                  f"{COLLECTIVE_TIMEOUT} s", file=sys.stderr, flush=True)
            os._exit(1)
        time.sleep(0.05)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
