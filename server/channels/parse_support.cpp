#include "channels/parse_support.hpp"

#include "core/crypto.hpp"

namespace baro::channels::detail {

using nlohmann::json;

namespace {
std::string path(std::string_view where, char const* key)
{
    std::string p(where);
    if(! p.empty())
        p += '.';
    return p + key;
}
}  // namespace

json const& member(json const& obj, char const* key, std::string_view where)
{
    if(! obj.is_object())
        throw field_error(std::string(where.empty() ? "body" : where) + " must be an object");
    auto const it = obj.find(key);
    if(it == obj.end())
        throw field_error(path(where, key) + " is missing");
    return *it;
}

std::string text_at(json const& obj, char const* key, std::string_view where)
{
    auto const& v = member(obj, key, where);
    if(! v.is_string())
        throw field_error(path(where, key) + " must be a string");
    return v.get<std::string>();
}

std::string id_at(json const& obj, char const* key, std::string_view where)
{
    auto const& v = member(obj, key, where);
    if(v.is_string())
        return v.get<std::string>();
    if(v.is_number_integer())
        return v.dump();
    throw field_error(path(where, key) + " must be a string or an integer");
}

json const& array_or_empty(json const& obj, char const* key)
{
    static json const empty = json::array();
    if(! obj.is_object())
        return empty;
    auto const it = obj.find(key);
    return it != obj.end() && it->is_array() ? *it : empty;
}

result<json> parse_object(std::string_view body, std::string_view provider)
{
    auto j = json::parse(body, nullptr, false);
    if(j.is_discarded())
        return fail(errc::bad_request, std::string(provider) + " delivery is not valid JSON");
    if(! j.is_object())
        return fail(errc::bad_request, std::string(provider) + " delivery must be a JSON object");
    return j;
}

std::string synthetic_id(std::initializer_list<std::string_view> parts)
{
    std::string data;
    for(auto p : parts)
    {
        data += p;
        data += '\0';
    }
    return crypto::to_hex(crypto::sha256(data));
}

void append_unique(inbound_batch& batch, inbound_message m)
{
    for(auto const& seen : batch)
        if(seen.external_id == m.external_id)
            return;
    batch.push_back(std::move(m));
}

void append_latest(inbound_batch& batch, inbound_message m)
{
    for(auto& seen : batch)
        if(seen.external_id == m.external_id)
        {
            seen = std::move(m);
            return;
        }
    batch.push_back(std::move(m));
}

result<std::string> required_field(form_fields const& fields, std::string_view name, std::string_view provider)
{
    auto v = field(fields, name);
    if(! v)
        return fail(errc::bad_request, std::string(provider) + " delivery lacks the field " + std::string(name),
                    std::string(name));
    return std::move(*v);
}

}  // namespace baro::channels::detail
