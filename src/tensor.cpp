// Tensor storage, factories and element access.
#include "axon/tensor.hpp"

#include <algorithm>
#include <cstring>

#include "axon/small_objects.hpp"
#include "detail/block_cache.hpp"
#include "detail/dispatch.hpp"
#include "detail/tensor_impl.hpp"

namespace axon {

namespace detail {

Storage::Storage(std::size_t requested) : data(acquire_block(requested)), bytes(requested) {}

Storage::~Storage() { release_block(data, bytes); }

}  // namespace detail

const char* dtype_name(DType dtype) { return dtype == DType::f64 ? "float64" : "float32"; }

std::size_t dtype_size(DType dtype) { return dtype == DType::f64 ? 8 : 4; }

std::int64_t shape_numel(const Shape& shape) {
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

std::string shape_str(const Shape& shape) {
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) s += ", ";
        s += std::to_string(shape[i]);
    }
    if (shape.size() == 1) s += ",";
    return s + ")";
}

namespace {
// Tensor headers come from the per-thread lists of small_objects.hpp: a training step makes dozens.
std::shared_ptr<detail::TensorImpl> new_impl() {
    return std::allocate_shared<detail::TensorImpl>(detail::SmallObjectAllocator<detail::TensorImpl>());
}

Tensor empty_of_shape(std::span<const std::int64_t> shape, DType dtype) {
    std::int64_t numel = 1;
    for (auto d : shape) {
        if (d < 0)
            throw ShapeError(fmt::format("Tensor: negative dimension in shape {}",
                                         shape_str(Shape(shape.begin(), shape.end()))));
        numel *= d;
    }
    auto impl = new_impl();
    detail::set_shape(*impl, shape);
    impl->numel = numel;
    impl->dtype = dtype;
    impl->storage = std::allocate_shared<detail::Storage>(detail::SmallObjectAllocator<detail::Storage>(),
                                                          static_cast<std::size_t>(numel) * dtype_size(dtype));
    return Tensor(std::move(impl));
}
}  // namespace

Tensor Tensor::empty(const Shape& shape, DType dtype) { return empty_of_shape(shape, dtype); }

Tensor Tensor::empty(std::initializer_list<std::int64_t> shape, DType dtype) {
    return empty_of_shape({shape.begin(), shape.size()}, dtype);
}

Tensor Tensor::full(const Shape& shape, double value, DType dtype) {
    Tensor t = empty(shape, dtype);
    t.fill_(value);
    return t;
}

Tensor Tensor::zeros(const Shape& shape, DType dtype) {
    Tensor t = empty(shape, dtype);
    std::memset(t.raw_data(), 0, static_cast<std::size_t>(t.numel()) * dtype_size(dtype));
    return t;
}

Tensor Tensor::ones(const Shape& shape, DType dtype) { return full(shape, 1.0, dtype); }

Tensor Tensor::scalar(double value, DType dtype) { return full({}, value, dtype); }

namespace {
template <class T, class U>
Tensor from_values(std::span<const U> values, const Shape& shape, DType dtype) {
    if (static_cast<std::int64_t>(values.size()) != shape_numel(shape))
        throw ShapeError(fmt::format("Tensor::from: {} values do not fill shape {} ({} elements)", values.size(),
                                     shape_str(shape), shape_numel(shape)));
    Tensor t = Tensor::empty(shape, dtype);
    T* out = t.data<T>();
    for (std::size_t i = 0; i < values.size(); ++i) out[i] = static_cast<T>(values[i]);
    return t;
}
}  // namespace

Tensor Tensor::from(std::span<const float> values, const Shape& shape) {
    return from_values<float>(values, shape, DType::f32);
}

Tensor Tensor::from(std::span<const double> values, const Shape& shape) {
    return from_values<double>(values, shape, DType::f64);
}

Tensor Tensor::from(std::initializer_list<double> values, const Shape& shape, DType dtype) {
    std::span<const double> v(values.begin(), values.size());
    return dtype == DType::f64 ? from_values<double>(v, shape, dtype) : from_values<float>(v, shape, dtype);
}

void Tensor::check_defined(const char* where) const {
    if (!impl_) throw Error(fmt::format("{}: the tensor is undefined", where));
}

template <class T>
void Tensor::check_dtype(const char* where) const {
    check_defined(where);
    if (impl_->dtype != dtype_of<T>())
        throw ShapeError(fmt::format("{}: tensor holds {}, accessed as {}", where, dtype_name(impl_->dtype),
                                     dtype_name(dtype_of<T>())));
}

const Shape& Tensor::shape() const {
    check_defined("Tensor::shape");
    return impl_->shape;
}

int Tensor::ndim() const { return static_cast<int>(shape().size()); }

std::int64_t Tensor::dim(int axis) const {
    int n = ndim();
    int a = axis < 0 ? axis + n : axis;
    if (a < 0 || a >= n)
        throw ShapeError(fmt::format("Tensor::dim: axis {} out of range for shape {}", axis, shape_str(shape())));
    return impl_->shape[static_cast<std::size_t>(a)];
}

std::int64_t Tensor::numel() const {
    check_defined("Tensor::numel");
    return impl_->numel;
}

DType Tensor::dtype() const {
    check_defined("Tensor::dtype");
    return impl_->dtype;
}

template <class T>
T* Tensor::data() {
    check_dtype<T>("Tensor::data");
    return static_cast<T*>(impl_->storage->data);
}

template <class T>
const T* Tensor::data() const {
    check_dtype<T>("Tensor::data");
    return static_cast<const T*>(impl_->storage->data);
}

template float* Tensor::data<float>();
template double* Tensor::data<double>();
template const float* Tensor::data<float>() const;
template const double* Tensor::data<double>() const;

void* Tensor::raw_data() {
    check_defined("Tensor::raw_data");
    return impl_->storage->data;
}

const void* Tensor::raw_data() const {
    check_defined("Tensor::raw_data");
    return impl_->storage->data;
}

double Tensor::at(std::int64_t i) const {
    if (i < 0 || i >= numel())
        throw ShapeError(fmt::format("Tensor::at: index {} out of range for shape {}", i, shape_str(shape())));
    return detail::dispatch(dtype(), [&]<class T>() { return static_cast<double>(data<T>()[i]); });
}

double Tensor::item() const {
    if (numel() != 1)
        throw ShapeError(fmt::format("Tensor::item: tensor of shape {} has {} elements, expected 1",
                                     shape_str(shape()), numel()));
    return at(0);
}

std::vector<double> Tensor::to_vector() const {
    std::vector<double> v(static_cast<std::size_t>(numel()));
    detail::dispatch(dtype(), [&]<class T>() {
        const T* p = data<T>();
        for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<double>(p[i]);
    });
    return v;
}

Tensor Tensor::clone() const {
    Tensor t = empty(shape(), dtype());
    std::memcpy(t.raw_data(), raw_data(), static_cast<std::size_t>(numel()) * dtype_size(dtype()));
    return t;
}

Tensor Tensor::detach() const {
    check_defined("Tensor::detach");
    auto impl = new_impl();
    impl->storage = impl_->storage;
    detail::set_shape(*impl, impl_->shape);
    impl->numel = impl_->numel;
    impl->dtype = impl_->dtype;
    return Tensor(std::move(impl));
}

Tensor Tensor::to(DType target) const {
    if (dtype() == target) return detach();
    Tensor t = empty(shape(), target);
    detail::dispatch(dtype(), [&]<class S>() {
        detail::dispatch(target, [&]<class D>() {
            const S* src = data<S>();
            D* dst = t.data<D>();
            for (std::int64_t i = 0; i < numel(); ++i) dst[i] = static_cast<D>(src[i]);
        });
    });
    return t;
}

void Tensor::fill_(double value) {
    detail::dispatch(dtype(), [&]<class T>() { std::fill_n(data<T>(), numel(), static_cast<T>(value)); });
}

void Tensor::copy_from(const Tensor& src) {
    if (src.shape() != shape() || src.dtype() != dtype())
        throw ShapeError(fmt::format("Tensor::copy_from: source {} {} does not match destination {} {}",
                                     dtype_name(src.dtype()), shape_str(src.shape()), dtype_name(dtype()),
                                     shape_str(shape())));
    if (src.raw_data() != raw_data())
        std::memcpy(raw_data(), src.raw_data(), static_cast<std::size_t>(numel()) * dtype_size(dtype()));
}

bool Tensor::requires_grad() const { return impl_ && impl_->requires_grad; }

Tensor& Tensor::requires_grad_(bool on) {
    check_defined("Tensor::requires_grad_");
    if (impl_->grad_fn && !on)
        throw Error("Tensor::requires_grad_: cannot turn gradients off on an op result; use detach()");
    impl_->requires_grad = on;
    return *this;
}

Tensor Tensor::grad() const {
    check_defined("Tensor::grad");
    return impl_->grad;
}

void Tensor::set_grad(const Tensor& grad) {
    check_defined("Tensor::set_grad");
    if (grad.defined() && (grad.shape() != shape() || grad.dtype() != dtype()))
        throw ShapeError(fmt::format("Tensor::set_grad: gradient {} {} does not match tensor {} {}",
                                     dtype_name(grad.dtype()), shape_str(grad.shape()), dtype_name(dtype()),
                                     shape_str(shape())));
    impl_->grad = grad;
}

void Tensor::zero_grad() {
    check_defined("Tensor::zero_grad");
    if (impl_->grad.defined()) impl_->released_grad = std::move(impl_->grad);
    impl_->grad = Tensor();
}

namespace detail {

Tensor grad_buffer(TensorImpl& impl) {
    Tensor buffer = std::move(impl.released_grad);
    const bool reusable = buffer.defined() && buffer.impl().use_count() == 1 &&
                          buffer.impl()->storage.use_count() == 1 && buffer.dtype() == impl.dtype &&
                          buffer.shape() == impl.shape;
    return reusable ? buffer : Tensor::empty(impl.shape, impl.dtype);
}

void zero_fill(Tensor& t) {
    if (t.defined()) std::memset(t.raw_data(), 0, static_cast<std::size_t>(t.numel()) * dtype_size(t.dtype()));
}

}  // namespace detail

const std::shared_ptr<Node>& Tensor::grad_fn() const {
    check_defined("Tensor::grad_fn");
    return impl_->grad_fn;
}

}  // namespace axon
