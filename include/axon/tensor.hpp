// Tensor: an n-dimensional, contiguous, row-major array of float32 or float64 that can take part
// in reverse-mode differentiation.
//
// Shape letters used in every comment of axon:
//   N batch size, D input features, O output features, C classes or channels,
//   H/W height/width, K kernel size. Shapes are written (N, D).
//
// A Tensor is a handle: copying it shares the data (like torch.Tensor). Use clone() for a copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "axon/error.hpp"

namespace axon {

// float32 trains; float64 checks gradients and compares with references.
enum class DType : std::uint8_t { f32, f64 };

const char* dtype_name(DType dtype);
std::size_t dtype_size(DType dtype);

template <class T>
constexpr DType dtype_of();
template <>
constexpr DType dtype_of<float>() { return DType::f32; }
template <>
constexpr DType dtype_of<double>() { return DType::f64; }

using Shape = std::vector<std::int64_t>;

std::int64_t shape_numel(const Shape& shape);
std::string shape_str(const Shape& shape);  // "(32, 784)"

namespace detail {
struct TensorImpl;
}
class Node;

class Tensor {
public:
    // An undefined tensor: no data, defined() is false. Used for "no gradient".
    Tensor() = default;

    // Factories. Every element is set.
    static Tensor zeros(const Shape& shape, DType dtype = DType::f32);
    static Tensor ones(const Shape& shape, DType dtype = DType::f32);
    static Tensor full(const Shape& shape, double value, DType dtype = DType::f32);
    static Tensor scalar(double value, DType dtype = DType::f32);
    // Copies `values` (row-major) into a tensor of `shape`. Throws ShapeError if the counts differ.
    static Tensor from(std::span<const float> values, const Shape& shape);
    static Tensor from(std::span<const double> values, const Shape& shape);
    static Tensor from(std::initializer_list<double> values, const Shape& shape, DType dtype = DType::f32);
    // Uninitialised memory: for kernels that overwrite every element.
    static Tensor empty(const Shape& shape, DType dtype = DType::f32);
    // The same with the shape written out, `Tensor::empty({rows, cols})`: no Shape is built on the way, so
    // the ops that make their outputs this way allocate nothing for them in a training step.
    static Tensor empty(std::initializer_list<std::int64_t> shape, DType dtype = DType::f32);

    bool defined() const { return impl_ != nullptr; }
    const Shape& shape() const;
    // Size of dimension `axis`; negative counts from the end. Throws ShapeError when out of range.
    std::int64_t dim(int axis) const;
    int ndim() const;
    std::int64_t numel() const;
    DType dtype() const;

    // Typed access to the contiguous data. Throws ShapeError if T does not match dtype().
    template <class T>
    T* data();
    template <class T>
    const T* data() const;
    void* raw_data();
    const void* raw_data() const;

    // The value of a one-element tensor, as double. Throws ShapeError otherwise.
    double item() const;
    // Element at a flat (row-major) index, as double; for tests and printing, not for loops.
    double at(std::int64_t flat_index) const;
    std::vector<double> to_vector() const;

    // A copy with its own data, not part of any graph.
    Tensor clone() const;
    // The same data, cut from the graph: no grad_fn, requires_grad false.
    Tensor detach() const;
    // A copy converted to `dtype` (the same data when it already has that dtype), cut from the graph.
    Tensor to(DType dtype) const;
    // Overwrites every element with `value` (in place, outside any graph).
    void fill_(double value);
    // Copies `src` (same shape and dtype) into this tensor's data (in place, outside any graph).
    void copy_from(const Tensor& src);

    // ---- autodiff ----
    // Leaves (parameters, inputs) ask for gradients; results of ops on them inherit it.
    bool requires_grad() const;
    Tensor& requires_grad_(bool on = true);
    // The accumulated gradient: undefined until a backward() reaches this tensor.
    Tensor grad() const;
    // Replaces the gradient (same shape and dtype), e.g. to feed an optimiser known gradients.
    void set_grad(const Tensor& grad);
    // Sets the gradient to undefined; the next backward starts it from zeros and accumulates into it.
    // That backward reuses the old buffer when nothing else holds it (a training step then allocates no
    // gradients), so a copy of grad() taken before zero_grad() keeps its values.
    void zero_grad();
    // Reverse-mode differentiation from this tensor, which must hold one element.
    // Gradients add into each leaf's grad(); the graph is released afterwards, so calling
    // backward() twice on one graph throws.
    void backward() const;
    // The op that produced this tensor, or nullptr for a leaf or in no-grad mode.
    const std::shared_ptr<Node>& grad_fn() const;

    // Identity of the underlying data object (two handles to one tensor compare equal).
    bool same_as(const Tensor& other) const { return impl_ == other.impl_; }

    // ---- internal ----
    explicit Tensor(std::shared_ptr<detail::TensorImpl> impl) : impl_(std::move(impl)) {}
    const std::shared_ptr<detail::TensorImpl>& impl() const { return impl_; }

private:
    void check_defined(const char* where) const;
    template <class T>
    void check_dtype(const char* where) const;
    std::shared_ptr<detail::TensorImpl> impl_;
};

// A tensor with a name: state_dict entries ("0.weight"), optimiser moments ("0.weight.exp_avg"),
// safetensors contents.
struct NamedTensor {
    std::string name;
    Tensor tensor;
};

// Gradient recording is on by default; this guard turns it off for its scope (inference, updates).
class NoGradGuard {
public:
    NoGradGuard();
    ~NoGradGuard();
    NoGradGuard(const NoGradGuard&) = delete;
    NoGradGuard& operator=(const NoGradGuard&) = delete;

private:
    bool previous_;
};
bool grad_enabled();

}  // namespace axon

template <>
struct fmt::formatter<axon::Shape> : fmt::formatter<std::string> {
    auto format(const axon::Shape& shape, format_context& ctx) const {
        return fmt::formatter<std::string>::format(axon::shape_str(shape), ctx);
    }
};
