# Checks the AVX plugin's objects (see CMakeLists.txt): run with -P and
#   PORTABLE_OBJECTS:      objects built for baseline x86-64 (;-list)
#   KERNEL_OBJECTS:        objects whose code after avx2/target.hpp is built for AVX2+FMA
#   AVX512_KERNEL_OBJECTS: objects whose code after avx512/target.hpp is built for AVX-512
#   SANITIZED:             ON in a sanitized build, whose objects all have a constructor
# Listings are objdump's, with the raw bytes of each instruction on its line ("addr:\tbytes\t
# mnemonic operands"). An AVX instruction (VEX or EVEX) is one whose mnemonic starts with "v"
# (vmovaps, vfmadd231ps, ...) or is an opmask instruction ("k": kmovw, ...); an AVX-512 one is
# EVEX-encoded (first byte 0x62 after any legacy prefix), names a ZMM or opmask register, or is
# an opmask instruction.
find_program(OBJDUMP objdump REQUIRED)
find_program(NM nm REQUIRED)
set(avx_pattern "\t[vk][a-z0-9]+([ \n]|$)")
set(avx512_pattern
    ":\t((26|2e|36|3e|64|65|66|67|f2|f3) )*62 |%zmm|%k[0-7]|\tk[a-z0-9]+([ \n]|$)")
set(failures "")

# The listing of `object` in `out`, one instruction per line.
function(disassemble object out)
  execute_process(COMMAND ${OBJDUMP} -d --insn-width=16 ${object}
                  OUTPUT_VARIABLE listing RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    set(failures "${failures};objdump failed on ${object}" PARENT_SCOPE)
  endif()
  set(${out} "${listing}" PARENT_SCOPE)
endfunction()

# Portable code may run before the probe: not one AVX instruction.
foreach(object IN LISTS PORTABLE_OBJECTS)
  disassemble(${object} listing)
  if(listing MATCHES "${avx_pattern}")
    list(APPEND failures "${object}: portable object holds an AVX instruction (${CMAKE_MATCH_0})")
  endif()
endforeach()

# AVX2 kernels run on machines without AVX-512: not one AVX-512 instruction.
foreach(object IN LISTS KERNEL_OBJECTS)
  disassemble(${object} listing)
  if(listing MATCHES "${avx512_pattern}")
    list(APPEND failures
         "${object}: AVX2 kernel object holds an AVX-512 instruction (${CMAKE_MATCH_0})")
  endif()
endforeach()

foreach(object IN LISTS KERNEL_OBJECTS AVX512_KERNEL_OBJECTS)
  # A dynamic initialiser would run AVX2 code at load time.
  execute_process(COMMAND ${OBJDUMP} -h ${object} OUTPUT_VARIABLE sections)
  if(NOT SANITIZED AND sections MATCHES "\\.init_array|\\.ctors")
    list(APPEND failures "${object}: kernel object has a static initialiser")
  endif()
  # Weak functions may be shared with portable objects: the linker keeps one copy, so none
  # may hold AVX code.
  execute_process(COMMAND ${NM} --defined-only ${object} OUTPUT_VARIABLE symbols)
  string(REGEX MATCHALL "[0-9a-f]+ [WV] [^\n]+" weak_lines "${symbols}")
  if(NOT weak_lines)
    continue()
  endif()
  set(weak "")
  foreach(line IN LISTS weak_lines)
    string(REGEX REPLACE "^[0-9a-f]+ [WV] " "" name "${line}")
    list(APPEND weak "${name}")
  endforeach()
  disassemble(${object} listing)
  # Function bodies start at lines "<address> <name>:".
  string(REPLACE ";" "," listing "${listing}")
  string(REPLACE "\n" ";" lines "${listing}")
  set(current "")
  set(current_weak FALSE)
  foreach(line IN LISTS lines)
    if(line MATCHES "^[0-9a-f]+ <(.+)>:$")
      set(current "${CMAKE_MATCH_1}")
      list(FIND weak "${current}" at)
      if(at EQUAL -1)
        set(current_weak FALSE)
      else()
        set(current_weak TRUE)
      endif()
    elseif(current_weak AND line MATCHES "${avx_pattern}")
      list(APPEND failures "${object}: weak function ${current} holds an AVX instruction")
      set(current_weak FALSE)
    endif()
  endforeach()
endforeach()

if(failures)
  list(JOIN failures "\n  " text)
  message(FATAL_ERROR "AVX code reachable before the probe:\n  ${text}")
endif()
list(LENGTH PORTABLE_OBJECTS portable_count)
list(LENGTH KERNEL_OBJECTS kernel_count)
list(LENGTH AVX512_KERNEL_OBJECTS avx512_count)
if(avx512_count EQUAL 0)
  message(FATAL_ERROR "isa check: no AVX-512 kernel objects given")
endif()
message(STATUS "isa check: ${portable_count} portable, ${kernel_count} AVX2 kernel and "
               "${avx512_count} AVX-512 kernel objects clean")
