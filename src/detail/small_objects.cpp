#include "axon/small_objects.hpp"

#include <array>

namespace axon::detail {

namespace {

constexpr std::size_t kGranule = 16;  // operator new's alignment, and the size classes' step
constexpr std::size_t kLargestPooled = 512;
constexpr std::size_t kClasses = kLargestPooled / kGranule;
constexpr std::size_t kMostPerClass = 256;

std::size_t class_of(std::size_t bytes) { return (bytes + kGranule - 1) / kGranule - 1; }
std::size_t class_bytes(std::size_t c) { return (c + 1) * kGranule; }

// Under AddressSanitizer every object goes to operator new and back, so that a use after free is seen.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kPooling = false;
#else
constexpr bool kPooling = true;
#endif

struct FreeBlock {
    FreeBlock* next;
};

// Set once a thread's lists are gone: objects freed later in that thread's exit (tensors in static
// objects, at the end of main) go straight to operator delete. Trivially destructible, so always valid.
thread_local bool lists_gone = false;

// The calling thread's lists; what they hold is freed when the thread ends.
struct ThreadLists {
    std::array<FreeBlock*, kClasses> head{};
    std::array<std::size_t, kClasses> count{};
    ~ThreadLists() {
        lists_gone = true;
        for (std::size_t c = 0; c < kClasses; ++c)
            while (head[c] != nullptr) {
                FreeBlock* block = head[c];
                head[c] = block->next;
                ::operator delete(block, class_bytes(c));
            }
    }
};

thread_local ThreadLists lists;

bool pooled(std::size_t bytes) { return kPooling && bytes > 0 && bytes <= kLargestPooled; }

}  // namespace

// A pooled size is always allocated as its whole class, so that it can be freed as one wherever it goes.
void* acquire_small_object(std::size_t bytes) {
    if (!pooled(bytes)) return ::operator new(bytes);
    const std::size_t c = class_of(bytes);
    if (!lists_gone && lists.head[c] != nullptr) {
        FreeBlock* block = lists.head[c];
        lists.head[c] = block->next;
        --lists.count[c];
        return block;
    }
    return ::operator new(class_bytes(c));
}

void release_small_object(void* block, std::size_t bytes) noexcept {
    if (block == nullptr) return;
    if (!pooled(bytes)) return ::operator delete(block, bytes);
    const std::size_t c = class_of(bytes);
    if (lists_gone || lists.count[c] >= kMostPerClass) return ::operator delete(block, class_bytes(c));
    lists.head[c] = new (block) FreeBlock{lists.head[c]};
    ++lists.count[c];
}

}  // namespace axon::detail
