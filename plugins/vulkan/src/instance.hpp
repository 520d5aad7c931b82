// One backend instance: a device, its pipelines, memory pools and stream, and the buffers the
// host holds. Members are declared in dependency order so they are destroyed in reverse.
#pragma once

#include <unordered_set>

#include "buffer.hpp"
#include "device.hpp"
#include "memory.hpp"
#include "pipelines.hpp"
#include "settings.hpp"
#include "stream.hpp"

struct strata_instance {
  explicit strata_instance(const strata_vk::Settings& settings);
  ~strata_instance();
  strata_instance(const strata_instance&) = delete;
  strata_instance& operator=(const strata_instance&) = delete;

  strata_vk::Device device;
  strata_vk::Pipelines pipelines;
  strata_vk::MemoryPool device_pool;
  strata_vk::MemoryPool upload_pool;
  strata_vk::MemoryPool readback_pool;
  strata_vk::Stream stream;
  std::unordered_set<strata_buffer*> buffers;  // live ones, freed with the instance
  bool lost = false;                           // the device was lost: every call fails
};
