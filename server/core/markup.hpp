#pragma once
#include <string>
#include <string_view>

namespace baro {

/// Escapes text for HTML element content and attribute values (& < > " '). Pure.
std::string html_escape(std::string_view s);

/// Escapes text for XML 1.0 content and attribute values (& < > " ') and drops the C0 control
/// characters XML forbids even as references (TAB, LF and CR stay). Pure.
std::string xml_escape(std::string_view s);

}  // namespace baro
