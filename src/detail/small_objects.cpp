// The per-thread free lists of small_objects.hpp, and the spare shape buffers behind
// detail::set_shape (tensor_impl.hpp): both off under AddressSanitizer, so that it sees every use after free.
#include "axon/small_objects.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "detail/tensor_impl.hpp"

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

// ---- spare shape buffers (tensor_impl.hpp) ----------------------------------------------------------

namespace {

constexpr std::size_t kMostSpareShapes = 256;
constexpr std::size_t kShapeRoom = 4;  // dimensions a new buffer has room for: any tensor of the course's nets

thread_local bool spares_gone = false;

struct SpareShapes {
    std::vector<Shape> list;
    ~SpareShapes() { spares_gone = true; }
};

thread_local SpareShapes spares;

}  // namespace

TensorImpl::~TensorImpl() {
    if (!kPooling || spares_gone || shape.capacity() == 0 || spares.list.size() >= kMostSpareShapes) return;
    if (spares.list.capacity() == 0) spares.list.reserve(kMostSpareShapes);
    spares.list.push_back(std::move(shape));
}

void set_shape(TensorImpl& impl, std::span<const std::int64_t> dims) {
    if (impl.shape.capacity() < dims.size()) {
        if (kPooling && !spares_gone && !spares.list.empty() && spares.list.back().capacity() >= dims.size()) {
            impl.shape = std::move(spares.list.back());
            spares.list.pop_back();
        } else {
            impl.shape.reserve(std::max(dims.size(), kShapeRoom));
        }
    }
    impl.shape.assign(dims.begin(), dims.end());
}

}  // namespace axon::detail
