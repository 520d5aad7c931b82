// Boost.DLL, configured once for the runtime: every translation unit that loads libraries or
// asks where a module lives includes this, so they all agree on the path type.
#pragma once

// Boost.DLL otherwise speaks boost::filesystem; the runtime's API uses std::filesystem.
#ifndef BOOST_DLL_USE_STD_FS
#define BOOST_DLL_USE_STD_FS
#endif

#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
