# The shader variants the plugin embeds: every .comp under shaders/ compiled by glslc once per
# combination of element kinds (and features) that the host asks for by name, e.g.
# "binary_f16" or "reduce_i64_sg". The host builds the same names (src/shader_names.cpp).
#
# strata_vk_variant(NAME SOURCE DEFINE...) adds one variant; the helpers below turn dtype
# names into the role macros shaders/dtype.glsl expects (-DX_KIND=F16 -DX_F16 -DX_IS_FLOAT).

set(STRATA_VK_FLOAT_KINDS f32 f16 bf16)
set(STRATA_VK_TYPED_KINDS f32 f16 bf16 i32 i64 u8)
set(STRATA_VK_RAW_KINDS b1 b2 b4 b8)

set(STRATA_VK_VARIANT_NAMES "")
set(STRATA_VK_VARIANT_SOURCES "")
set(STRATA_VK_VARIANT_DEFINES "")

function(strata_vk_variant name source)
  list(JOIN ARGN "," defines)
  set(STRATA_VK_VARIANT_NAMES ${STRATA_VK_VARIANT_NAMES} ${name} PARENT_SCOPE)
  set(STRATA_VK_VARIANT_SOURCES ${STRATA_VK_VARIANT_SOURCES} ${source} PARENT_SCOPE)
  set(STRATA_VK_VARIANT_DEFINES ${STRATA_VK_VARIANT_DEFINES} "${defines}" PARENT_SCOPE)
endfunction()

# The macros for tensor role ROLE holding dtype KIND, into OUT.
function(strata_vk_role out role kind)
  string(TOUPPER ${kind} upper)
  set(defs ${role}_KIND=${upper} ${role}_${upper})
  if(kind IN_LIST STRATA_VK_FLOAT_KINDS)
    list(APPEND defs ${role}_IS_FLOAT)
  elseif(kind STREQUAL "i64")
    list(APPEND defs ${role}_IS_I64 NEED_INT64)
  elseif(kind IN_LIST STRATA_VK_RAW_KINDS)
    list(APPEND defs ${role}_IS_RAW)
  else()
    list(APPEND defs ${role}_IS_INT)
  endif()
  set(${out} ${defs} PARENT_SCOPE)
endfunction()

# ---- data movement ------------------------------------------------------------------------
foreach(raw IN LISTS STRATA_VK_RAW_KINDS)
  strata_vk_role(y Y ${raw})
  strata_vk_role(x X ${raw})
  strata_vk_variant(fill_${raw} fill.comp ${y})
  strata_vk_variant(copy_${raw} copy.comp ${x})
  strata_vk_variant(where_${raw} where.comp ${x})
  strata_vk_variant(gather_${raw}_i32 gather.comp ${x} IDX_KIND=I32 IDX_I32)
  strata_vk_variant(gather_${raw}_i64 gather.comp ${x} IDX_KIND=B8 IDX_I64)
endforeach()
strata_vk_variant(scatter_link_i32 scatter_link.comp IDX_KIND=I32 IDX_I32)
strata_vk_variant(scatter_link_i64 scatter_link.comp IDX_KIND=B8 IDX_I64)
foreach(from IN LISTS STRATA_VK_TYPED_KINDS)
  foreach(to IN LISTS STRATA_VK_TYPED_KINDS)
    if(NOT from STREQUAL to)
      strata_vk_role(x X ${from})
      strata_vk_role(y Y ${to})
      strata_vk_variant(cast_${from}_${to} cast.comp ${x} ${y})
    endif()
  endforeach()
  strata_vk_role(x X ${from})
  # Integer sums are exact in 128 bits, built from 64-bit integers.
  set(wide "")
  if(NOT from IN_LIST STRATA_VK_FLOAT_KINDS)
    set(wide NEED_INT64)
  endif()
  strata_vk_variant(scatter_add_${from} scatter_add.comp ${x} ${wide})
  strata_vk_variant(compare_${from} binary.comp ${x} COMPARE)
  if(NOT from STREQUAL "u8")
    strata_vk_variant(binary_${from} binary.comp ${x})
  endif()
  strata_vk_variant(reduce_${from} reduce.comp ${x} ${wide})
  strata_vk_variant(reduce_${from}_sg reduce.comp ${x} ${wide} USE_SUBGROUPS)
endforeach()

# ---- float math -----------------------------------------------------------------------------
foreach(kind IN LISTS STRATA_VK_FLOAT_KINDS)
  strata_vk_role(x X ${kind})
  foreach(shader unary matmul conv2d pool2d optimizer random)
    strata_vk_variant(${shader}_${kind} ${shader}.comp ${x})
  endforeach()
  strata_vk_variant(softmax_${kind} softmax.comp ${x})
  strata_vk_variant(softmax_${kind}_sg softmax.comp ${x} USE_SUBGROUPS)
endforeach()
strata_vk_role(x X u8)
strata_vk_variant(random_u8 random.comp ${x})

# ---- matrix units: the f16 GEMM on 16x8x16 cooperative matrices -----------------------------
strata_vk_role(x X f16)
strata_vk_variant(matmul_coop_f16 matmul_coop.comp ${x})
