// axon's modules: shared objects that a program opens the first time it needs them, so that the
// libraries behind them cost nothing to the runs that do not use them. The axon CLI has two:
// axon_draw.so (cairo and Graphviz, for pictures) and axon_serve.so (cpp-httplib with OpenSSL and
// brotli, for `train --serve`); together they were 14 of the 28 ms of every `axon --help`.
//
// A module exports two C functions: `axon_module_build` (the build it belongs to) and an entry that
// returns its table of functions. C++ objects cross the table, so a module is used only when it was
// built from the same axon version by the same compiler as the program (kModuleBuild).
#pragma once

#include <string_view>

namespace axon::detail {

#ifndef AXON_VERSION_STRING
#error "AXON_VERSION_STRING must be defined by the build (CMakeLists.txt)"
#endif
inline constexpr const char* kModuleBuild = "axon " AXON_VERSION_STRING " built by g++ " __VERSION__;

// Opens `name`.so (once per process; it stays loaded) and returns what its `entry` function returns.
// Looks in $AXON_MODULE_DIR when set, else beside the running program, then in <program's
// directory>/../lib/axon. `purpose` says what needs it, for the message. Throws IoError naming each
// place it looked and why the module there could not be used.
const void* load_module_table(std::string_view name, const char* entry, std::string_view purpose);

}  // namespace axon::detail
