// The per-thread lists behind SmallObjectAllocator: a freed block is handed to the next object of its
// size class, sizes beyond the lists and over-aligned types bypass them, and a thread's lists are its own.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <thread>

#include "axon/small_objects.hpp"

namespace axon::detail {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kPooling = false;  // every block goes back to operator delete, so ASan sees a use after free
#else
constexpr bool kPooling = true;
#endif

TEST(SmallObjects, AFreedBlockServesTheNextObjectOfItsSizeClass) {
    if (!kPooling) GTEST_SKIP() << "the lists are off under AddressSanitizer";
    void* a = acquire_small_object(100);
    release_small_object(a, 100);
    void* b = acquire_small_object(112);  // 100 and 112 share the 16-byte class 97-112
    EXPECT_EQ(a, b);
    void* c = acquire_small_object(100);  // the list is empty again: a new block
    EXPECT_NE(c, b);
    release_small_object(b, 112);
    release_small_object(c, 100);
}

TEST(SmallObjects, LargeBlocksAndOverAlignedTypesBypassTheLists) {
    void* big = acquire_small_object(4096);
    release_small_object(big, 4096);
    void* next = acquire_small_object(4096);
    release_small_object(next, 4096);  // no assertion on the address: operator new may hand the same one back

    struct alignas(64) Wide {
        float lanes[16];
    };
    SmallObjectAllocator<Wide> allocator;
    Wide* w = allocator.allocate(1);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(w) % 64, 0u);
    allocator.deallocate(w, 1);
}

TEST(SmallObjects, SharedPointersFromTheAllocatorLiveAndDieNormally) {
    auto p = std::allocate_shared<std::int64_t>(SmallObjectAllocator<std::int64_t>(), 42);
    std::weak_ptr<std::int64_t> watch = p;
    EXPECT_EQ(*p, 42);
    p.reset();
    EXPECT_TRUE(watch.expired());
}

TEST(SmallObjects, EachThreadHasItsOwnLists) {
    if (!kPooling) GTEST_SKIP() << "the lists are off under AddressSanitizer";
    void* mine = acquire_small_object(48);
    release_small_object(mine, 48);  // now first on this thread's 48-byte list
    void* theirs = nullptr;
    std::thread other([&] {
        theirs = acquire_small_object(48);  // the other thread's list is empty: not `mine`
        release_small_object(theirs, 48);   // freed on its list, which is freed when the thread ends
    });
    other.join();
    EXPECT_NE(theirs, mine);
    void* again = acquire_small_object(48);
    EXPECT_EQ(again, mine);
    release_small_object(again, 48);
}

}  // namespace
}  // namespace axon::detail
