// A persistent pool of worker threads, one per instance. The calling thread takes part as
// worker 0, so a pool of size N starts N-1 threads. Workers spin briefly after a job (ops come
// in quick succession during training) and then sleep on a futex.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace strata_avx {

// A borrowed reference to any callable `void(int64_t task, int worker)`; no allocation.
class TaskRef {
 public:
  template <typename F>
  TaskRef(F& f)  // NOLINT: implicit on purpose, like std::function_ref
      : object_(&f),
        call_([](void* o, int64_t task, int worker) { (*static_cast<F*>(o))(task, worker); }) {}
  void operator()(int64_t task, int worker) const { call_(object_, task, worker); }

 private:
  void* object_;
  void (*call_)(void*, int64_t, int);
};

class ThreadPool {
 public:
  explicit ThreadPool(int threads);  // threads >= 1
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  // Calls fn(task, worker) once for every task in [0, tasks) on up to size() threads, worker in
  // [0, size()) naming the thread (for per-thread scratch memory), and returns when all are
  // done. The first exception a task throws is rethrown here. Called from inside a task, it
  // runs the tasks inline on that task's worker.
  void run(int64_t tasks, TaskRef fn);

  // The worker whose task the calling thread is running, or 0 outside tasks: the worker a job
  // run inline on this thread runs as.
  static int current_worker() noexcept;

 private:
  void work(int worker);
  void stop_workers();
  void take_tasks(int worker);

  std::vector<std::thread> workers_;
  // Publishes a job: a count in the high bits, bumped per job (and for the stop request), and
  // in the low kHelperBits the number of workers that take part (workers 1..helpers), so each
  // worker reads both in one load and acts on each job exactly once.
  static constexpr int kHelperBits = 16;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> active_{0};  // workers still busy with the current job
  std::atomic<int64_t> next_task_{0};
  int64_t num_tasks_ = 0;
  TaskRef* job_ = nullptr;
  std::atomic<bool> stop_{false};
  std::mutex error_mutex_;
  std::exception_ptr error_;
};

}  // namespace strata_avx
