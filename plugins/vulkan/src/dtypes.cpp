#include "dtypes.hpp"

#include "error.hpp"

namespace strata_vk {

size_t dtype_size(strata_dtype dtype) {
  switch (dtype) {
    case STRATA_F64:
    case STRATA_I64:
      return 8;
    case STRATA_F32:
    case STRATA_I32:
      return 4;
    case STRATA_F16:
    case STRATA_BF16:
      return 2;
    case STRATA_U8:
      return 1;
    default:
      return 0;
  }
}

std::string_view dtype_name(strata_dtype dtype) {
  switch (dtype) {
    case STRATA_F32:
      return "f32";
    case STRATA_F64:
      return "f64";
    case STRATA_F16:
      return "f16";
    case STRATA_BF16:
      return "bf16";
    case STRATA_I32:
      return "i32";
    case STRATA_I64:
      return "i64";
    case STRATA_U8:
      return "u8";
    default:
      return "invalid-dtype";
  }
}

bool is_float(strata_dtype dtype) {
  return dtype == STRATA_F32 || dtype == STRATA_F64 || dtype == STRATA_F16 || dtype == STRATA_BF16;
}

bool is_integer(strata_dtype dtype) {
  return dtype == STRATA_I32 || dtype == STRATA_I64 || dtype == STRATA_U8;
}

std::string_view kind_token(strata_dtype dtype) {
  return dtype_name(dtype);
}

std::string_view raw_token(strata_dtype dtype) {
  switch (dtype_size(dtype)) {
    case 1:
      return "b1";
    case 2:
      return "b2";
    case 8:
      return "b8";
    default:
      return "b4";
  }
}

void require_dtype(const DeviceFeatures& f, strata_dtype dtype, DtypeUse use, std::string_view op) {
  const char* missing = nullptr;
  switch (dtype) {
    case STRATA_F16:
    case STRATA_BF16:
      if (!f.storage16) missing = "storageBuffer16BitAccess";
      break;
    case STRATA_U8:
      if (!f.storage8) missing = "storageBuffer8BitAccess";
      break;
    case STRATA_I64:
      if (use == DtypeUse::kCompute && !f.int64) missing = "shaderInt64";
      break;
    case STRATA_F64:
      if (use == DtypeUse::kCompute) {
        unsupported(
            "{}: f64 arithmetic is not implemented by the vulkan backend (it moves f64 "
            "data only); the host runs this op on the reference backend",
            op);
      }
      break;
    default:
      break;
  }
  if (missing != nullptr) {
    unsupported("{}: {} needs the device feature {}, which this device lacks", op,
                dtype_name(dtype), missing);
  }
}

void require_int64_for_integer_sums(const DeviceFeatures& f, strata_dtype dtype,
                                    std::string_view op) {
  if (is_integer(dtype) && !f.int64) {
    unsupported("{}: exact {} sums need the device feature shaderInt64, which this device lacks",
                op, dtype_name(dtype));
  }
}

}  // namespace strata_vk
