// The core's check of an op call before any plugin executes it: every descriptor stays inside
// its buffer and the operands fit the op (counts, ranks, shapes, dtypes, required params), so a
// host mistake is an exception with a message, never an out-of-bounds access in a plugin.
//
// Backend::execute runs it on every call; every path the core takes to a plugin's execute goes
// through Backend::execute. Exported (the library has default visibility) for fuzz targets:
// include this header from core/src/runtime and link Strata::strata.
#pragma once

#include <strata/backend.h>

#include "buffer_table.hpp"

namespace strata::runtime {

// Throws ValueError (bad descriptor, buffer, params or operand count), ShapeError (shapes that
// do not fit the op) or DTypeError (dtypes that do not fit it). Messages start with the op,
// name the operand ("input 1"), quote its dtype, shape, strides, byte offset and buffer size,
// and say how to fix the call.
void check_op_call(const strata_op_call& call, const BufferTable& buffers);

}  // namespace strata::runtime
