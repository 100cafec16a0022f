"""Records finished steps on a background thread (one process, not DDP), as TensorBoard's writer does: the training
loop goes on while a step's line is computed and written. The thread reads W⁺ (the weights after optimizer.step()) and
the held W⁻; the loop waits for those reads before the next step's backward copies W⁻ again (wait_reads), so the next
optimizer.step() cannot change W⁺ under them. At most one step waits in line (a killed script loses at most it and the one being written); an error is raised in the loop."""
import atexit
import queue
import threading

import torch


class Finisher:
    def __init__(self, record):
        self._record = record  # record(job..., reads_done)
        self._jobs = queue.Queue(maxsize=1)
        self._reads = threading.Condition()
        self._submitted = self._read = 0
        self._error = None
        self._thread = None

    def submit(self, *job):
        self._raise_error()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="backprop_lens finisher", daemon=True)
            self._thread.start()
            atexit.register(self._jobs.join)  # a script that ends without close(): its last steps are still written
        with self._reads:
            self._submitted += 1
        self._jobs.put(job)

    def wait_reads(self):
        """Returns once every submitted step has read the weights it needs."""
        with self._reads:
            self._reads.wait_for(lambda: self._read == self._submitted)

    def drain(self):
        """Returns once every submitted step is written (raises the thread's error, if any)."""
        self._jobs.join()
        self._raise_error()

    def _raise_error(self):
        if self._error is not None:
            error, self._error = self._error, None
            raise RuntimeError(f"backprop_lens: recording a step failed: {error!r}") from error

    def _run(self):
        while True:
            job = self._jobs.get()
            done = []

            def reads_done():
                if not done:
                    done.append(True)
                    with self._reads:
                        self._read += 1
                        self._reads.notify_all()
            try:
                with torch.no_grad():
                    self._record(*job, reads_done=reads_done)
            except BaseException as error:  # noqa: BLE001 (raised in the training loop at its next step)
                self._error = error
            finally:
                reads_done()
                self._jobs.task_done()
