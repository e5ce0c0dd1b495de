// How much memory axon keeps for reuse, and giving it back.
//
// Tensors freed during a training step leave their blocks in a cache, and the next tensor of the same
// size takes one: the steady-state step then allocates nothing (no malloc, no page faults). The cache
// holds at most `cache_limit_bytes()` (64 MiB by default; 0, off, in an AddressSanitizer build); blocks
// beyond it are freed at once.
#pragma once

#include <cstddef>

namespace axon {

// Bytes held in the cache now: freed tensor blocks waiting for reuse (not the tensors alive).
std::size_t cached_bytes();

// Frees every cached block, for a host program that has finished training and wants the memory back.
void release_cached_memory();

// The most the cache may hold. Setting it to 0 turns caching off; lowering it frees blocks at once
// until the cache fits.
std::size_t cache_limit_bytes();
void set_cache_limit_bytes(std::size_t bytes);

}  // namespace axon
