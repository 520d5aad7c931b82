// How the model and weights targets read their input. Its first byte picks one of two forms:
//  - even: the rest is a model file as it is, so the container's own checks (magic, lengths,
//    CRCs, trailer) are what gets fuzzed;
//  - odd: the rest is a JSON document, a zero byte, then the tensor data. The target wraps them
//    in a well-formed container (header, CRCs, padding, trailer) with the core's own encoders,
//    so that mutations get past the checksums to the JSON document, the tensor table and the
//    building of the model. (A tensor's own CRC-32 is in the JSON, so a mutated tensor is still
//    caught there: that check is fuzzed too.)
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace strata_fuzz {

std::vector<std::byte> model_file_bytes(std::span<const std::byte> input);

}  // namespace strata_fuzz
