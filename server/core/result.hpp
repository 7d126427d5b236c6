#pragma once
#include "core/errc.hpp"

#include <string>
#include <utility>
#include <variant>

namespace baro {

/// An expected failure: a code and a message meant for the person or gateway that sent the request.
struct error
{
    errc code;
    std::string message;
    std::string field = {};  ///< the form field it concerns, when there is one
    std::string key = {};    ///< a machine-readable reason (e.g. "code_needed") for callers that word it themselves
};

/// A value or an error; expected failures travel as values, never as exceptions.
template<class T>
class result
{
public:
    result(T value) : v_(std::move(value)) {}
    result(error e) : v_(std::move(e)) {}

    bool ok() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T& value() & { return std::get<0>(v_); }
    T const& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    T const* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    T const& operator*() const& { return value(); }

    error const& err() const& { return std::get<1>(v_); }
    error&& err() && { return std::get<1>(std::move(v_)); }

private:
    std::variant<T, error> v_;
};

/// Shorthand for building an error value.
inline error fail(errc code, std::string message, std::string field = {}, std::string key = {})
{
    return error{code, std::move(message), std::move(field), std::move(key)};
}

/// A result with no value: success or an error.
struct ok_t
{};
using status = result<ok_t>;

}  // namespace baro
