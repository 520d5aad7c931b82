// strata/context.hpp: where tensors live and ops run: one backend instance, the settings Keras
// keeps in keras.config (floatx, epsilon, image_data_format) and the random-number state.
//
// A program normally never names a context: the first tensor it makes creates the process-wide
// default context, whose backend is chosen as DESIGN.md says (STRATA_BACKEND, then the config
// file's "backend", then "auto") and announced once ("Using avx backend."). A program that wants
// another backend for a while opens a Context for it and makes it current with a BackendScope:
//
//   strata::Context reference("reference");
//   {
//     strata::BackendScope scope(reference);
//     auto x = strata::Tensor::ones({2, 3});   // lives on the reference backend
//   }
//
// Factories (Tensor::zeros, random::uniform, ...) use the current context; an op runs on the
// context its inputs live on, so all inputs of one op must share a context (Tensor::to moves a
// tensor to another one).
//
// Fallback: when the backend's `supports` answers STRATA_UNSUPPORTED for an op (say, float64
// on a GPU), the op runs on a reference-backend instance the context creates on first need,
// with its operands copied there and its outputs copied back, so a partial backend is still
// usable, only slower. Answers are cached per (op, sub-code, dtypes, ranks, layout class), so
// the hot path does not ask twice. The reference backend runs every op on every dtype; the only
// way an op can be refused outright (UnsupportedError) is that the reference plugin cannot be
// loaded, and the message then names the op, its dtypes, the backend and why.
//
// Threads: like a Backend, a Context is used by one thread at a time. Copies of a Context are
// handles to the same state; tensors keep their context alive.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "strata/backend.hpp"
#include "strata/dtype.hpp"

namespace strata {

namespace detail {
struct ContextState;
}

class Context {
 public:
  // Opens `backend` ("auto", a plugin name such as "reference", or a path to a plugin file); an
  // empty name means the config's choice, exactly as the default context makes it. floatx,
  // epsilon, image_data_format and the backend's own settings come from the config file.
  // Throws BackendNotFound when the backend cannot be used and ConfigError for a bad file.
  explicit Context(std::string_view backend);
  // Adopts an already started backend; the other settings come from the config file.
  explicit Context(Backend backend);

  // The innermost BackendScope's context on this thread, else the default context.
  static Context current();
  // The process-wide default context, created on first use (thread-safe).
  static Context default_context();

  const std::string& backend_name() const noexcept;
  Backend& backend() const noexcept;

  // The dtype of weights and activations when none is given ("float32" unless the config
  // says otherwise).
  DType floatx() const noexcept;
  // Throws DTypeError for an integer dtype.
  void set_floatx(DType dtype);
  // The fuzz factor of numeric expressions (1e-7 by default).
  double epsilon() const noexcept;
  // Throws ValueError unless positive and finite.
  void set_epsilon(double epsilon);
  // "channels_last" or "channels_first".
  const std::string& image_data_format() const noexcept;
  // Throws ValueError for anything but those two.
  void set_image_data_format(std::string_view format);

  // Random state: a Philox key (the seed) and the next unused block counter (the offset).
  // Each random op draws from (seed, offset) and advances the offset past the blocks it used,
  // as STRATA_OP_RANDOM prescribes, so two contexts with the same seed draw the same numbers
  // in the same order on any backend. set_seed also restarts the offset at 0.
  void set_seed(uint64_t seed) noexcept;
  uint64_t seed() const noexcept;
  uint64_t random_offset() const noexcept;
  // Returns the offset to draw `blocks` Philox blocks from, and advances past them.
  uint64_t reserve_random_blocks(uint64_t blocks) noexcept;

  // Waits for every op enqueued on the backend; returns errors raised while running them.
  void synchronize();

  // Number of op calls that ran on the reference fallback instead of the backend.
  uint64_t fallback_count() const noexcept;

  // The core's state behind the handle; for the library's own use.
  detail::ContextState& state() const noexcept { return *state_; }
  const std::shared_ptr<detail::ContextState>& shared_state() const noexcept { return state_; }
  explicit Context(std::shared_ptr<detail::ContextState> state) noexcept
      : state_(std::move(state)) {}

  friend bool operator==(const Context& a, const Context& b) noexcept {
    return a.state_ == b.state_;
  }

 private:
  std::shared_ptr<detail::ContextState> state_;
};

// Makes `context` the current one on this thread until destroyed; scopes nest.
class BackendScope {
 public:
  explicit BackendScope(Context context);
  ~BackendScope();
  BackendScope(const BackendScope&) = delete;
  BackendScope& operator=(const BackendScope&) = delete;

 private:
  Context context_;
  detail::ContextState* previous_;
};

// Runs fn() with `context` current: with_backend(reference, [&] { return model(x); }).
template <typename Fn>
decltype(auto) with_backend(const Context& context, Fn&& fn) {
  BackendScope scope(context);
  return std::forward<Fn>(fn)();
}

// keras.config-style accessors of the current context.
DType floatx();
void set_floatx(DType dtype);
double epsilon();
void set_epsilon(double epsilon);
std::string image_data_format();
void set_image_data_format(std::string_view format);

// As keras.utils.set_random_seed: seeds the current context (offset back to 0), and every
// context created afterwards starts from this seed too. Without it, each context starts from
// a seed drawn from std::random_device.
void set_seed(uint64_t seed);

}  // namespace strata
