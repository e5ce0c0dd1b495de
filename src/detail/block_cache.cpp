#include "detail/block_cache.hpp"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <map>
#include <mutex>
#include <new>
#include <vector>

#include "axon/memory.hpp"

namespace axon {

namespace {

// Under AddressSanitizer the cache starts off: a block handed to a new tensor would hide a use of the
// old tensor after its death, which is what the sanitizer build is there to find.
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t kDefaultLimit = 0;
#else
constexpr std::size_t kDefaultLimit = std::size_t{64} << 20;
#endif

// One cache for the process, behind a mutex: a tensor may die on another thread than the one that
// made it (a data loader's, a server's), and an uncontended lock costs far less than malloc + free.
// Never destroyed, so that tensors in static objects can still give their blocks back at exit.
struct BlockCache {
    std::mutex mutex;
    std::map<std::size_t, std::vector<void*>> free_blocks;  // by rounded size
    std::size_t cached = 0;
    std::size_t limit = kDefaultLimit;

    void shrink_to(std::size_t target) {  // called with the mutex held
        for (auto it = free_blocks.begin(); it != free_blocks.end() && cached > target;) {
            auto& blocks = it->second;
            while (!blocks.empty() && cached > target) {
                std::free(blocks.back());
                blocks.pop_back();
                cached -= it->first;
            }
            it = blocks.empty() ? free_blocks.erase(it) : std::next(it);
        }
    }
};

BlockCache& cache() {
    static BlockCache* const instance = new BlockCache;
    return *instance;
}

std::size_t rounded(std::size_t bytes) {
    const std::size_t a = detail::kBlockAlignment;
    return (std::max<std::size_t>(bytes, 1) + a - 1) / a * a;
}

}  // namespace

namespace detail {

void* acquire_block(std::size_t bytes) {
    const std::size_t size = rounded(bytes);
    {
        BlockCache& c = cache();
        std::lock_guard lock(c.mutex);
        auto it = c.free_blocks.find(size);
        if (it != c.free_blocks.end() && !it->second.empty()) {
            void* block = it->second.back();
            it->second.pop_back();
            c.cached -= size;
            return block;
        }
    }
    void* block = std::aligned_alloc(kBlockAlignment, size);
    if (block == nullptr) throw std::bad_alloc();
    return block;
}

void release_block(void* block, std::size_t bytes) noexcept {
    if (block == nullptr) return;
    const std::size_t size = rounded(bytes);
    BlockCache& c = cache();
    {
        std::lock_guard lock(c.mutex);
        if (c.cached + size <= c.limit) {
            try {
                c.free_blocks[size].push_back(block);
                c.cached += size;
                return;
            } catch (const std::bad_alloc&) {
                // no room to remember the block: free it below
            }
        }
    }
    std::free(block);
}

}  // namespace detail

std::size_t cached_bytes() {
    BlockCache& c = cache();
    std::lock_guard lock(c.mutex);
    return c.cached;
}

void release_cached_memory() {
    BlockCache& c = cache();
    std::lock_guard lock(c.mutex);
    c.shrink_to(0);
}

std::size_t cache_limit_bytes() {
    BlockCache& c = cache();
    std::lock_guard lock(c.mutex);
    return c.limit;
}

void set_cache_limit_bytes(std::size_t bytes) {
    BlockCache& c = cache();
    std::lock_guard lock(c.mutex);
    c.limit = bytes;
    c.shrink_to(bytes);
}

}  // namespace axon
