#include "thread_pool.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

namespace strata_avx {
namespace {

// The worker a thread is running a task for, or -1 outside tasks: nested runs go inline.
thread_local int tl_worker = -1;

// How long an idle worker keeps polling before it sleeps: long enough to catch the next op of
// a training step without a futex wake-up, short enough not to burn a core for nothing.
constexpr auto kSpinTime = std::chrono::microseconds(100);

// Polls until `value` differs from `old`, then sleeps on it if it still does not.
template <typename T>
void await_change(const std::atomic<T>& value, T old) {
  const auto deadline = std::chrono::steady_clock::now() + kSpinTime;
  int polls = 0;
  while (value.load(std::memory_order_acquire) == old) {
    __builtin_ia32_pause();
    if (++polls % 64 == 0 && std::chrono::steady_clock::now() > deadline) {
      value.wait(old, std::memory_order_acquire);
    }
  }
}

}  // namespace

ThreadPool::ThreadPool(int threads) {
  workers_.reserve(static_cast<size_t>(std::max(threads - 1, 0)));
  try {
    for (int w = 1; w < threads; ++w) workers_.emplace_back([this, w] { work(w); });
  } catch (...) {
    stop_workers();  // the destructor will not run: never leave joinable threads behind
    throw;
  }
}

ThreadPool::~ThreadPool() {
  stop_workers();
}

void ThreadPool::stop_workers() {
  stop_ = true;
  generation_.fetch_add(uint64_t{1} << kHelperBits, std::memory_order_acq_rel);
  generation_.notify_all();
  for (std::thread& t : workers_) t.join();
  workers_.clear();
}

void ThreadPool::take_tasks(int worker) {
  const int saved = tl_worker;
  tl_worker = worker;
  for (;;) {
    const int64_t task = next_task_.fetch_add(1, std::memory_order_relaxed);
    if (task >= num_tasks_) break;
    try {
      (*job_)(task, worker);
    } catch (...) {
      std::lock_guard lock(error_mutex_);
      if (!error_) error_ = std::current_exception();
    }
  }
  tl_worker = saved;
}

void ThreadPool::run(int64_t tasks, TaskRef fn) {
  if (tasks <= 0) return;
  if (tl_worker >= 0 || workers_.empty() || tasks == 1) {
    const int worker = current_worker();
    for (int64_t t = 0; t < tasks; ++t) fn(t, worker);
    return;
  }
  job_ = &fn;
  num_tasks_ = tasks;
  next_task_.store(0, std::memory_order_relaxed);
  const int helpers = static_cast<int>(std::min<int64_t>(tasks, size()) - 1);
  active_.store(helpers, std::memory_order_relaxed);
  error_ = nullptr;
  const uint64_t count = (generation_.load(std::memory_order_relaxed) >> kHelperBits) + 1;
  generation_.store((count << kHelperBits) | static_cast<uint64_t>(helpers),
                    std::memory_order_release);
  generation_.notify_all();
  take_tasks(0);
  for (int busy = active_.load(std::memory_order_acquire); busy != 0;
       busy = active_.load(std::memory_order_acquire)) {
    await_change(active_, busy);
  }
  job_ = nullptr;
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

int ThreadPool::current_worker() noexcept {
  return std::max(tl_worker, 0);
}

void ThreadPool::work(int worker) {
  uint64_t seen = 0;
  for (;;) {
    await_change(generation_, seen);
    seen = generation_.load(std::memory_order_acquire);
    if (stop_) return;
    const int helpers = static_cast<int>(seen & ((uint64_t{1} << kHelperBits) - 1));
    if (worker > helpers) continue;
    take_tasks(worker);
    if (active_.fetch_sub(1, std::memory_order_acq_rel) == 1) active_.notify_one();
  }
}

}  // namespace strata_avx
