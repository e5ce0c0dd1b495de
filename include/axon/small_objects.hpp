// Memory for the small objects a training step makes and drops by the dozen: tensor headers, their
// storage records and graph nodes, each with its shared_ptr control block. Used by the library through
// std::allocate_shared; not needed by programs that use axon.
#pragma once

#include <cstddef>
#include <new>

namespace axon::detail {

// A block of `bytes` (≤ 512 for the per-thread lists; larger ones go straight to operator new), aligned
// as operator new aligns (max_align_t); release_small_object takes it back with the same size. Freed
// blocks wait on per-thread lists by size (at most 256 each) for the next object of that size, on
// whichever thread frees them: W3's step made 26 such objects and freed them again, and glibc's
// per-thread cache keeps only 7 per size, so the rest went through its slower shared bins.
void* acquire_small_object(std::size_t bytes);
void release_small_object(void* block, std::size_t bytes) noexcept;

template <class T>
struct SmallObjectAllocator {
    using value_type = T;
    SmallObjectAllocator() = default;
    template <class U>
    SmallObjectAllocator(const SmallObjectAllocator<U>&) noexcept {}  // NOLINT: rebinding, as allocators do
    T* allocate(std::size_t n) {
        if constexpr (alignof(T) > alignof(std::max_align_t))
            return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(alignof(T))));
        else
            return static_cast<T*>(acquire_small_object(n * sizeof(T)));
    }
    void deallocate(T* p, std::size_t n) noexcept {
        if constexpr (alignof(T) > alignof(std::max_align_t))
            ::operator delete(p, n * sizeof(T), std::align_val_t(alignof(T)));
        else
            release_small_object(p, n * sizeof(T));
    }
    template <class U>
    bool operator==(const SmallObjectAllocator<U>&) const noexcept {
        return true;
    }
};

}  // namespace axon::detail
