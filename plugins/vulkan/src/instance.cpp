#include "instance.hpp"

strata_instance::strata_instance(const strata_vk::Settings& settings)
    : device(settings),
      pipelines(device),
      device_pool(device, strata_vk::MemoryUse::kDevice),
      upload_pool(device, strata_vk::MemoryUse::kUpload),
      readback_pool(device, strata_vk::MemoryUse::kReadback),
      stream(device, pipelines, device_pool, upload_pool, readback_pool) {}

strata_instance::~strata_instance() {
  try {
    stream.synchronize();
  } catch (const strata_vk::Failure&) {
    // Errors of unfinished work have no one left to report to.
  }
  for (strata_buffer* buffer : buffers) {
    device_pool.release(buffer->allocation);
    delete buffer;
  }
}
