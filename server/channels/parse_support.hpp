#pragma once
// Helpers shared by the provider parsers; not part of the channels' public interface.
#include "channels/inbound_message.hpp"
#include "core/form.hpp"
#include "core/result.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>

namespace baro::channels::detail {

/// Thrown inside a parser when a field is missing or of the wrong type; caught at the parser's boundary.
struct field_error : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

/// The member `key` of `obj`; throws field_error naming `where.key` when `obj` is no object or lacks it.
nlohmann::json const& member(nlohmann::json const& obj, char const* key, std::string_view where);

/// The string member `key`; throws field_error when missing or not a string.
std::string text_at(nlohmann::json const& obj, char const* key, std::string_view where);

/// The member `key` as a string when it is a string or an integer (platform ids come as either).
std::string id_at(nlohmann::json const& obj, char const* key, std::string_view where);

/// The member `key` when present and an array; an empty array otherwise (absent lists mean "none").
nlohmann::json const& array_or_empty(nlohmann::json const& obj, char const* key);

/// Parses untrusted JSON; a bad_request naming `provider` when it is not JSON or not an object.
result<nlohmann::json> parse_object(std::string_view body, std::string_view provider);

/// Runs `parse` and turns field_error and nlohmann exceptions into a bad_request naming `provider`.
template<class T, class F>
result<T> guarded(std::string_view provider, F&& parse)
{
    try
    {
        return parse();
    }
    catch(field_error const& e)
    {
        return fail(errc::bad_request, "malformed " + std::string(provider) + " delivery: " + e.what());
    }
    catch(nlohmann::json::exception const& e)
    {
        return fail(errc::bad_request, "malformed " + std::string(provider) + " delivery: " + e.what());
    }
}

/// A stable id for a provider that gives none: hex SHA-256 of the parts, each followed by a NUL byte.
std::string synthetic_id(std::initializer_list<std::string_view> parts);

/// Appends `m` unless a message with the same external id is already in `batch` (a delivery may repeat one).
void append_unique(inbound_batch& batch, inbound_message m);

/// Appends `m`, or replaces an earlier event on the same public post in `batch`: the latest event
/// (an edit, a removal) wins, since one delivery's messages are stored side by side, not in order.
void append_latest(inbound_batch& batch, inbound_message m);

/// The first value of form field `name`, or a bad_request naming it and `provider`.
result<std::string> required_field(form_fields const& fields, std::string_view name, std::string_view provider);

}  // namespace baro::channels::detail
