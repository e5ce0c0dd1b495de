// The shared state behind a Tensor handle. Private to the library.
#pragma once

#include <cstdlib>
#include <memory>
#include <span>

#include "axon/autograd.hpp"
#include "axon/tensor.hpp"

namespace axon::detail {

// One aligned allocation; several TensorImpls share it after reshape() or detach().
struct Storage {
    explicit Storage(std::size_t bytes);
    ~Storage();
    Storage(const Storage&) = delete;
    Storage& operator=(const Storage&) = delete;
    void* data = nullptr;
    std::size_t bytes = 0;
};

struct TensorImpl {
    TensorImpl() = default;
    ~TensorImpl();  // hands the shape's buffer to the calling thread's spares (set_shape)
    TensorImpl(const TensorImpl&) = delete;
    TensorImpl& operator=(const TensorImpl&) = delete;

    std::shared_ptr<Storage> storage;
    Shape shape;
    std::int64_t numel = 0;
    DType dtype = DType::f32;
    bool requires_grad = false;
    bool op_result = false;  // made by a recorded op: once grad_fn is gone, its graph was released
    std::shared_ptr<Node> grad_fn;
    Tensor grad;
    Tensor released_grad;  // grad as zero_grad() left it, for the next backward to reuse (grad_buffer)
    std::uint64_t walk = 0;  // the number of the last backward() walk that reached this value
};

// impl.shape = dims, in a buffer that an earlier tensor header gave back where one is spare: a training
// step makes and drops dozens of tensors, and each new shape was an allocation of its own.
void set_shape(TensorImpl& impl, std::span<const std::int64_t> dims);

// A gradient buffer for `impl`, its values unspecified: the buffer zero_grad() released when it still
// fits and no handle but released_grad holds it or its storage (else its holder would see it change),
// otherwise a new one. Tensor::backward hands it to the first node to assign, or zeroes it.
Tensor grad_buffer(TensorImpl& impl);

// Every element of t = 0 (nothing when t is undefined).
void zero_fill(Tensor& t);

}  // namespace axon::detail
