#include "detail/module_loader.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "axon/error.hpp"

namespace axon::detail {

namespace {

using BuildFunction = const char* (*)();
using EntryFunction = const void* (*)();

std::vector<std::filesystem::path> module_directories() {
    if (const char* dir = std::getenv("AXON_MODULE_DIR"); dir != nullptr && *dir != '\0') return {dir};
    std::error_code error;
    const auto program = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) return {};
    const auto dir = program.parent_path();
    return {dir, dir.parent_path() / "lib" / "axon"};
}

// The module at `path` opened and checked, or nullptr and why not in `why`.
void* open_module(const std::filesystem::path& path, std::string& why) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
        why = "no such file";
        return nullptr;
    }
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        why = ::dlerror();
        return nullptr;
    }
    auto build = reinterpret_cast<BuildFunction>(::dlsym(handle, "axon_module_build"));
    if (build == nullptr) {
        why = "not an axon module: it has no axon_module_build";
    } else if (std::string_view(build()) != kModuleBuild) {
        why = fmt::format("it belongs to another build: '{}', this program is '{}'", build(), kModuleBuild);
    } else {
        return handle;
    }
    ::dlclose(handle);
    return nullptr;
}

}  // namespace

const void* load_module_table(std::string_view name, const char* entry, std::string_view purpose) {
    static std::mutex mutex;
    static std::map<std::string, const void*, std::less<>> tables;  // modules stay loaded: no dlclose
    std::lock_guard lock(mutex);
    if (auto found = tables.find(name); found != tables.end()) return found->second;

    const std::string file_name = fmt::format("{}.so", name);
    std::string tried;
    for (const auto& dir : module_directories()) {
        const auto path = dir / file_name;
        std::string why;
        if (void* handle = open_module(path, why)) {
            if (auto entry_function = reinterpret_cast<EntryFunction>(::dlsym(handle, entry))) {
                const void* table = entry_function();
                tables.emplace(name, table);
                return table;
            }
            why = fmt::format("it has no entry {}", entry);
            ::dlclose(handle);
        }
        tried += fmt::format("{}{} ({})", tried.empty() ? "" : "; ", path.string(), why);
    }
    throw IoError(fmt::format("{} needs axon's module {}, which could not be loaded: {}. The module is built and "
                              "installed with the axon program; AXON_MODULE_DIR=DIR makes axon look for it in DIR",
                              purpose, file_name, tried.empty() ? "cannot read /proc/self/exe" : tried));
}

}  // namespace axon::detail
