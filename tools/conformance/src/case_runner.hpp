// Running one case on one backend: ask `supports` (with NULL buffers, as the ABI allows),
// upload the staged buffers, execute, synchronize, and read every buffer back, inputs
// included (an op must not write to its inputs).
#pragma once

#include <strata/backend.hpp>

#include <optional>
#include <string>
#include <vector>

#include "case.hpp"
#include "staging.hpp"

namespace strata::conformance {

struct Refusal {
  strata_status_code code;
  std::string message;
};

// nullopt when the backend's `supports` accepts the call.
std::optional<Refusal> query_support(const Backend& backend, const Case& c);

// "supports() refused a valid call with INVALID_ARGUMENT: <message>": a refusal other than
// UNSUPPORTED, which fails the case.
std::string rejection_text(const Refusal& refusal);

// The case's buffers on one backend, uploaded and described, ready to execute (repeatedly,
// for perf mode). Keeps references to `backend` and `c`.
class PreparedCall {
 public:
  PreparedCall(Backend& backend, const Case& c, const StagedCase& staged);
  // Executes and synchronizes; throws BackendError (or Error) as the backend layer does.
  void execute();
  std::vector<Image> read_inputs() const;
  std::vector<Image> read_outputs() const;

 private:
  std::vector<Image> read(const std::vector<Buffer>& buffers) const;

  Backend& backend_;
  const Case& case_;
  std::vector<Buffer> input_buffers_;
  std::vector<Buffer> output_buffers_;
  std::vector<strata_tensor> descriptors_;  // inputs, then outputs
  std::vector<const strata_tensor*> input_pointers_;
  std::vector<const strata_tensor*> output_pointers_;
};

enum class RunStatus { kOk, kUnsupported, kFailed };

struct RunResult {
  RunStatus status = RunStatus::kOk;
  std::string check;          // kFailed: "rejected" (supports refused a valid call) or "error"
  std::string message;        // kUnsupported: the backend's reason; kFailed: what went wrong
  std::vector<Image> inputs;  // every buffer as read back after the run (kOk only)
  std::vector<Image> outputs;
};

RunResult run_case(Backend& backend, const Case& c, const StagedCase& staged);

}  // namespace strata::conformance
