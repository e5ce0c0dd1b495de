// The block cache behind tensors (axon/memory.hpp): a freed tensor's block goes to the next tensor of
// its size, the cache never holds more than its limit, and it gives everything back when asked.
#include <gtest/gtest.h>

#include "axon/memory.hpp"
#include "axon/tensor.hpp"

namespace axon {
namespace {

// Restores the process-wide limit, so that the other tests keep the default.
struct LimitGuard {
    std::size_t saved = cache_limit_bytes();
    ~LimitGuard() { set_cache_limit_bytes(saved); }
};

TEST(BlockCache, AFreedBlockGoesToTheNextTensorOfItsSize) {
    LimitGuard guard;
    release_cached_memory();
    set_cache_limit_bytes(std::size_t{64} << 20);  // the sanitizer build starts with the cache off
    const void* first = nullptr;
    {
        Tensor t = Tensor::empty({512, 256});
        first = t.raw_data();
    }
    EXPECT_EQ(cached_bytes(), 512u * 256u * 4u);
    Tensor other_size = Tensor::empty({3, 5});
    EXPECT_NE(other_size.raw_data(), first);
    Tensor same_size = Tensor::empty({256, 512});  // same bytes, other shape
    EXPECT_EQ(same_size.raw_data(), first);
    EXPECT_EQ(cached_bytes(), 0u);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(same_size.raw_data()) % 64, 0u);
}

TEST(BlockCache, HoldsNoMoreThanItsLimitAndReleasesEverything) {
    LimitGuard guard;
    release_cached_memory();
    set_cache_limit_bytes(10000);
    {
        Tensor a = Tensor::empty({1024});  // 4096 bytes, a multiple of the 64-byte rounding
        Tensor b = Tensor::empty({1024});
        Tensor c = Tensor::empty({1024});  // the third does not fit
    }
    EXPECT_EQ(cached_bytes(), 8192u);
    set_cache_limit_bytes(5000);  // lowering the limit frees at once
    EXPECT_EQ(cached_bytes(), 4096u);
    release_cached_memory();
    EXPECT_EQ(cached_bytes(), 0u);
    set_cache_limit_bytes(0);  // off
    { Tensor d = Tensor::empty({1000}); }
    EXPECT_EQ(cached_bytes(), 0u);
}

TEST(BlockCache, ReusedBlocksKeepTensorsIndependent) {
    LimitGuard guard;
    set_cache_limit_bytes(std::size_t{64} << 20);
    Tensor a = Tensor::full({64}, 1.0);
    { Tensor scratch = Tensor::full({64}, 7.0); }
    Tensor b = Tensor::zeros({64});  // may take scratch's block: must still be zeros
    for (std::int64_t i = 0; i < 64; ++i) {
        EXPECT_EQ(b.data<float>()[i], 0.0f);
        EXPECT_EQ(a.data<float>()[i], 1.0f);
    }
}

}  // namespace
}  // namespace axon
