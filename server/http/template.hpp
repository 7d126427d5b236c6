#pragma once
#include "core/markup.hpp"

#include <map>
#include <string>
#include <string_view>

namespace baro::http {

/// Values for a template: `{{name}}` is replaced HTML-escaped, `{{{name}}}` as is (trusted HTML
/// built by the caller). An unknown name renders as nothing. Pure.
using template_values = std::map<std::string, std::string, std::less<>>;
std::string render_template(std::string_view tpl, template_values const& values);

}  // namespace baro::http
